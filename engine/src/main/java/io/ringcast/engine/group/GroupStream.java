package io.ringcast.engine.group;

import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import io.ringcast.engine.Stream;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.StreamState;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.metrics.StreamCounter;
import io.ringcast.engine.pacing.AudioPlayer;
import io.ringcast.engine.pacing.FrameOutput;
import io.ringcast.engine.pacing.Utterance;
import io.ringcast.engine.queue.OutboundMessage;
import io.ringcast.engine.queue.OutboundQueue;
import io.ringcast.engine.ring.Envelope;

import java.util.ArrayList;

/**
 * All of one stream's state, owned by its group thread: outbound queue, sends in flight, audio player,
 * subscriptions, counters. Admission, shedding, slow-consumer detection and eviction happen here.
 */
final class GroupStream implements Stream, FrameOutput, OutboundQueue.Removal
{
    private static final int NOTICE_BYTES = 96;

    final AudioPlayer player;
    final Counters counters = new Counters(StreamCounter.SIZE);
    QueueLevel level = QueueLevel.NORMAL;
    boolean active;
    boolean closed;
    private final long id;
    private final StreamGroupAgent group;
    private final EngineConfig config;
    private final StreamSink sink;
    private final Object attachment;
    private final OutboundQueue queue;
    private final StreamSender sender;
    private final OutboundQueue.Removal withdrawn;
    private final InboundThrottle throttle;
    private final ArrayList<String> topics = new ArrayList<>(2);
    private StreamState state = StreamState.CONNECTED;
    private long lastNoticeNanos = Long.MIN_VALUE / 2;
    private boolean noticePending;
    private long queuedReported;

    GroupStream(final long id, final StreamGroupAgent group, final EngineConfig config, final StreamSink sink,
        final Object attachment)
    {
        this.id = id;
        this.group = group;
        this.config = config;
        this.sink = sink;
        this.attachment = attachment;
        this.queue = new OutboundQueue(config.queueMaxMessages(), config.queueMaxBytes(), config.controlLaneMessages(),
            config.backpressureThreshold(), config.dropBulkThreshold(), this);
        this.player = new AudioPlayer(this, config.frameBytes(), config.frameMs(), config.pacingTickMs(),
            config.prefillFrames(),
            config.maxQueuedUtterances(), config.maxUtteranceBytes());
        this.withdrawn = player::onWithdrawn;
        this.sender = new StreamSender(this, group, config, sink, queue);
        this.throttle = new InboundThrottle(config.controlLaneMessages());
    }

    // ---- Stream (handler-facing) ----

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public Object attachment()
    {
        return attachment;
    }

    @Override
    public StreamState state()
    {
        return state;
    }

    @Override
    public QueueLevel level()
    {
        return level;
    }

    @Override
    public boolean sendText(final Priority priority, final String text)
    {
        return sendText(priority, text, group.now());
    }

    boolean sendText(final Priority priority, final String text, final long originNanos)
    {
        final OutboundMessage m = admit(priority, text.length());
        if (m == null)
        {
            return false;
        }
        m.text(text);
        m.originNanos(originNanos);
        return true;
    }

    void sendTopic(final String tail, final long seq, final Priority priority, final long originNanos)
    {
        final OutboundMessage m = admit(priority, tail.length() + 24);
        if (m != null)
        {
            m.topic(tail, seq);
            m.originNanos(originNanos);
        }
    }

    /** A topic or broadcast delivery was shed by the group's fan-out budget. */
    void shedFanout(final Priority priority)
    {
        count(StreamCounter.DROPPED + priority.ordinal(), 1);
        group.counters.add(GroupCounter.FANOUT_SHED, 1);
    }

    @Override
    public int speak(final String clientId, final Priority priority)
    {
        return closed ? TOO_MANY_UTTERANCES : player.speak(clientId, priority, group.now());
    }

    @Override
    public void pause(final String clientId)
    {
        player.pause(clientId);
    }

    @Override
    public void resume(final String clientId)
    {
        player.resume(clientId, group.now());
    }

    @Override
    public boolean paused()
    {
        return player.paused();
    }

    @Override
    public int cancel(final String clientId)
    {
        return player.cancel(clientId, group.now());
    }

    @Override
    public boolean abandon(final String clientId)
    {
        return player.abandon(clientId);
    }

    @Override
    public boolean hasUtterance(final String clientId)
    {
        return player.has(clientId);
    }

    @Override
    public boolean subscribe(final String topic)
    {
        if (closed || !group.topics.subscribe(topic, this))
        {
            return false;
        }
        topics.add(topic);
        return true;
    }

    @Override
    public boolean unsubscribe(final String topic)
    {
        return topics.remove(topic) && group.topics.unsubscribe(topic, this);
    }

    @Override
    public int subscriptions()
    {
        return topics.size();
    }

    @Override
    public long nanoTime()
    {
        return group.now();
    }

    @Override
    public long scheduleTimer(final long deadlineNanos, final long token)
    {
        return group.timers().scheduleForHandler(this, deadlineNanos, token);
    }

    @Override
    public boolean cancelTimer(final long timerId)
    {
        return group.timers().cancel(timerId);
    }

    @Override
    public void close(final int code, final String reason)
    {
        end(StreamState.CLOSED, code, reason);
    }

    /** @param e an AUDIO event ({@link Envelope#audio}), read on this thread. */
    void onAudio(final Envelope e)
    {
        final boolean last = e.chunk() == AudioChunk.LAST;
        final boolean failed = e.chunk() == AudioChunk.FAILED;
        if (e.pcmBuffer() != null)
        {
            player.onAudio(e.utterance(), e.pcmBuffer(), e.offset(), e.length(), last, failed, e.publishNanos(),
                group.now());
        }
        else
        {
            player.onAudio(e.utterance(), e.pcmArray(), e.offset(), e.length(), last, failed, e.publishNanos(),
                group.now());
        }
    }

    void onTimer(final long now)
    {
        player.onTimer(now);
    }

    // ---- FrameOutput (the player's way out) ----

    @Override
    public boolean frame(final Utterance u, final long seq, final boolean last, final byte[] pcm, final int offset,
        final int length, final long slot, final boolean paced)
    {
        final OutboundMessage m = admit(u.priority(), length + 20);
        if (m == null)
        {
            return false;
        }
        m.audio(u, u.number(), seq, last, pcm, offset, length);
        m.originNanos(slot);
        m.paced(paced);
        return true;
    }

    @Override
    public void consumed(final Utterance u, final int bytes)
    {
        try
        {
            group.handler().onAudioConsumed(this, u.number(), bytes);
        }
        catch (final Throwable t)
        {
            group.onError(t); // a failing handler must not leave the player half-way through a release
        }
    }

    @Override
    public void underrun(final Utterance u, final long movedNanos)
    {
        count(StreamCounter.UNDERRUNS, 1);
        group.recorders.record(LatencyMetric.PACING_GRID_MOVE, u.priority(), movedNanos);
    }

    @Override
    public void audioStart(final String id, final int utterance)
    {
        final OutboundMessage m = admitNotice();
        if (m != null)
        {
            m.audioStart(id, utterance);
        }
    }

    @Override
    public void audioEnd(final String id, final int utterance, final long frames, final AudioEndReason reason)
    {
        final OutboundMessage m = admitNotice();
        if (m != null)
        {
            m.audioEnd(id, utterance, frames, reason);
        }
    }

    @Override
    public void paused(final String id, final int utterance, final long nextSeq)
    {
        final OutboundMessage m = admitNotice();
        if (m != null)
        {
            m.paused(id, utterance, nextSeq);
        }
    }

    @Override
    public void resumed(final String id, final int utterance, final long nextSeq)
    {
        final OutboundMessage m = admitNotice();
        if (m != null)
        {
            m.resumed(id, utterance, nextSeq);
        }
    }

    @Override
    public void cancelled(final String id, final int utterance, final long frames)
    {
        final OutboundMessage m = admitNotice();
        if (m != null)
        {
            m.cancelled(id, utterance, frames);
        }
    }

    /** @return a CONTROL slot for a notice the caller fills, or null if the lane refused it. */
    private OutboundMessage admitNotice()
    {
        final OutboundMessage m = admit(Priority.CONTROL, NOTICE_BYTES);
        if (m != null)
        {
            m.originNanos(group.now());
        }
        return m;
    }

    @Override
    public long schedule(final long deadlineNanos)
    {
        return group.timers().schedule(this, deadlineNanos);
    }

    @Override
    public void cancelPacingTimer(final long timerId)
    {
        group.timers().cancel(timerId);
    }

    @Override
    public void withdrawFrames()
    {
        queue.removeAudio(withdrawn);
        syncQueued();
    }

    // ---- admission, drops, levels ----

    private OutboundMessage admit(final Priority priority, final int bytes)
    {
        if (closed)
        {
            return null;
        }
        final int p = priority.ordinal();
        if ((sender.slow() || group.stopping()) && p >= Priority.IMPORTANT.ordinal())
        {
            count(StreamCounter.DROPPED + p, 1);
            // A slow consumer learns what it lost (a shed utterance has no seq gap to show it), at most once per
            // interval; at stop nothing more is said.
            noticePending |= !group.stopping();
            return null;
        }
        final OutboundMessage m = queue.offer(priority, bytes);
        if (m == null)
        {
            if (queue.lastResult() == OutboundQueue.OVERFLOW)
            {
                count(StreamCounter.DROPPED + p, 1);
                evict(1008, priority.name().toLowerCase() + " queue overflow");
            }
            else
            {
                count(StreamCounter.DROPPED + p, 1);
            }
            return null;
        }
        group.markActive(this);
        syncQueued();
        if (p != 0)
        {
            checkLevel(group.now());
        }
        return m;
    }

    /** A queued message was evicted or shed. */
    @Override
    public void onRemoved(final OutboundMessage m)
    {
        count(StreamCounter.DROPPED + m.priority().ordinal(), 1);
        if (m.kind() == OutboundKind.AUDIO)
        {
            player.onFrameLeft(m.owner(), false, group.now());
        }
    }

    void checkLevel(final long now)
    {
        final QueueLevel next = queue.level();
        if (next == level)
        {
            return;
        }
        if (level == QueueLevel.NORMAL)
        {
            count(StreamCounter.BACKPRESSURE_EVENTS, 1);
        }
        level = next;
        counters.set(StreamCounter.LEVEL, next.ordinal());
        if (state == StreamState.CONNECTED || state == StreamState.BACKPRESSURE)
        {
            changeState(next == QueueLevel.NORMAL ? StreamState.CONNECTED : StreamState.BACKPRESSURE, null);
        }
        group.handler().onLevelChanged(this, next);
        noticePending = true;
        maybeNotice(now);
    }

    /** The stream became a slow consumer or recovered: the client gets a {@code backpressure} notice. */
    void slownessChanged()
    {
        noticePending = true;
    }

    void maybeNotice(final long now)
    {
        if (noticePending && now - lastNoticeNanos >= config.backpressureNoticeNanos())
        {
            noticePending = false;
            lastNoticeNanos = now;
            long dropped = 0;
            for (int p = 0; p < Priority.COUNT; p++)
            {
                dropped += counters.get(StreamCounter.DROPPED + p);
            }
            // Read before the notice itself is queued (which may move both). A slow consumer is told critical: its
            // IMPORTANT and BULK messages are shed whatever its queue's level.
            final QueueLevel reported = sender.slow() ? QueueLevel.CRITICAL : level;
            final int queued = queue.size();
            final OutboundMessage m = admitNotice();
            if (m != null)
            {
                m.backpressure(reported, queued, dropped);
            }
        }
    }

    // ---- the send stage (StreamSender) ----

    int service(final long now)
    {
        return sender.service(now);
    }

    /** @return true if a message or notice waits to be handed over (not only sends in flight). */
    boolean hasReadyToSend()
    {
        return !closed && (queue.size() > 0 || noticePending);
    }

    boolean needsService()
    {
        return !closed && (queue.size() > 0 || !sender.idle() || noticePending);
    }

    /** @return messages still to deliver before stop may finish: CONTROL and CRITICAL, and sends in flight. */
    boolean drained()
    {
        return closed || (queue.peek(0) == null && queue.peek(1) == null && sender.idle());
    }

    void shedForStop()
    {
        queue.shed(Priority.BULK.ordinal());
        queue.shed(Priority.IMPORTANT.ordinal());
        syncQueued();
    }

    // ---- ending ----

    void evict(final int code, final String reason)
    {
        end(StreamState.EVICTED, code, reason);
    }

    private void end(final StreamState finalState, final int code, final String reason)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        changeState(finalState, reason);
        for (int i = topics.size() - 1; i >= 0; i--)
        {
            group.topics.unsubscribe(topics.get(i), this);
        }
        topics.clear();
        player.stop();
        // Leave the registry first, so whoever the close wakes sees the stream gone.
        group.remove(this);
        count(StreamCounter.QUEUED, -queuedReported);
        queuedReported = 0;
        try
        {
            sink.close(code, reason);
        }
        catch (final Throwable t)
        {
            group.onError(t);
        }
    }

    void changeState(final StreamState next, final String reason)
    {
        if (next == state)
        {
            return;
        }
        group.counters.add(GroupCounter.STATES + state.ordinal(), -1);
        group.counters.add(GroupCounter.STATES + next.ordinal(), 1);
        state = next;
        counters.set(StreamCounter.STATE, next.ordinal());
        group.handler().onStateChanged(this, next, reason);
    }

    void syncQueued()
    {
        final long now = queue.size();
        count(StreamCounter.QUEUED, now - queuedReported);
        queuedReported = now;
        counters.set(StreamCounter.QUEUED_BYTES, queue.sizeBytes());
        if (!closed && throttle.update(queue.controlSize(), sink))
        {
            count(StreamCounter.INBOUND_PAUSES, 1);
        }
    }

    void count(final int slot, final long delta)
    {
        counters.add(slot, delta);
        group.counters.add(slot, delta);
    }
}
