package io.ringcast.engine.group;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Notice;
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

import java.util.ArrayList;

/**
 * All of one stream's state, owned by its group thread: outbound queue, sends in flight, audio player,
 * subscriptions, counters. Admission, shedding, slow-consumer detection and eviction happen here.
 */
final class StreamSession implements Stream, FrameOutput, OutboundQueue.Removal, SendTracker.Reaped
{
    private static final int NOTICE_BYTES = 96;

    private final long id;
    private final StreamGroupAgent group;
    private final EngineConfig config;
    private final StreamSink sink;
    private final Object attachment;
    private final OutboundQueue queue;
    private final SendTracker tracker;
    private final AudioPlayer player;
    private final OutboundQueue.Removal withdrawn;
    final Counters counters = new Counters(StreamCounter.SIZE);
    private final ArrayList<String> topics = new ArrayList<>(2);
    private StreamState state = StreamState.CONNECTED;
    private QueueLevel level = QueueLevel.NORMAL;
    private long slowEvents;
    private long lastSlowNanos;
    private long slowMarkedIndex = -1;
    private long lastNoticeNanos = Long.MIN_VALUE / 2;
    private boolean noticePending;
    private long queuedReported;
    boolean active;
    boolean closed;

    StreamSession(final long id, final StreamGroupAgent group, final EngineConfig config, final StreamSink sink, final Object attachment)
    {
        this.id = id;
        this.group = group;
        this.config = config;
        this.sink = sink;
        this.attachment = attachment;
        this.queue = new OutboundQueue(config.queueMaxMessages(), config.queueMaxBytes(), config.controlLaneMessages(),
            config.backpressureThreshold(), config.dropBulkThreshold(), this);
        this.tracker = new SendTracker(config.maxInflightMessages(), config.maxInflightBytes());
        this.player = new AudioPlayer(this, config.frameBytes(), config.frameMs(), config.prefillFrames(),
            config.maxQueuedUtterances(), config.maxUtteranceBytes());
        this.withdrawn = player::onWithdrawn;
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

    @Override
    public int speak(final String clientId, final Priority priority)
    {
        return closed ? TOO_MANY_UTTERANCES : player.speak(clientId, priority);
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
    public void close(final int code, final String reason)
    {
        end(StreamState.CLOSED, code, reason);
    }

    void onAudio(final int utterance, final byte[] pcm, final int offset, final int length, final boolean last, final boolean failed)
    {
        player.onAudio(utterance, pcm, offset, length, last, failed, group.now());
    }

    void onTimer(final long now)
    {
        player.onTimer(now);
    }

    // ---- FrameOutput (the player's way out) ----

    @Override
    public boolean frame(final Utterance u, final long seq, final boolean last, final byte[] pcm, final int offset,
        final int length, final long deadline)
    {
        final OutboundMessage m = admit(u.priority(), length + 20);
        if (m == null)
        {
            return false;
        }
        m.audio(u, u.number(), seq, last, pcm, offset, length);
        m.originNanos(deadline);
        return true;
    }

    @Override
    public void notice(final Notice notice, final String id, final int utterance, final long count, final int code)
    {
        notice(notice, id, utterance, count, 0, code);
    }

    private void notice(final Notice notice, final String id, final int utterance, final long count, final long count2, final int code)
    {
        final OutboundMessage m = admit(Priority.CONTROL, NOTICE_BYTES);
        if (m != null)
        {
            m.notice(notice, id, utterance, count, count2, code);
            m.originNanos(group.now());
        }
    }

    @Override
    public long schedule(final long deadlineNanos)
    {
        return group.schedule(this, deadlineNanos);
    }

    @Override
    public void cancelTimer(final long timerId)
    {
        group.cancelTimer(timerId);
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
        if ((state == StreamState.SLOW_CONSUMER || group.stopping()) && p >= Priority.IMPORTANT.ordinal())
        {
            count(StreamCounter.DROPPED + p, 1);
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

    private void checkLevel(final long now)
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

    private void maybeNotice(final long now)
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
            notice(Notice.BACKPRESSURE, null, 0, queue.size(), dropped, level.ordinal());
        }
    }

    // ---- the send stage ----

    /** @return work done: messages handed over or completions reaped. */
    int service(final long now)
    {
        if (closed)
        {
            return 0;
        }
        int work = tracker.reap(now, this);
        if (tracker.failure() != null)
        {
            evict(1011, "send failed: " + tracker.failure());
            return work + 1;
        }
        if (!checkSlowness(now))
        {
            return work + 1;
        }
        maybeNotice(now);
        int lane;
        while (!closed && (lane = queue.nextLane()) >= 0)
        {
            final OutboundMessage m = queue.peek(lane);
            if (!tracker.canIssue(m.bytes()))
            {
                break;
            }
            work++;
            if (!handOver(m, lane, now))
            {
                return work;
            }
        }
        if (work > 0)
        {
            counters.set(StreamCounter.INFLIGHT_BYTES, tracker.inflightBytes());
            checkLevel(now);
        }
        return work;
    }

    private boolean handOver(final OutboundMessage m, final int lane, final long now)
    {
        final int bytes = m.bytes();
        m.sendNanos(now);
        tracker.issue(now, bytes, lane);
        boolean accepted;
        try
        {
            accepted = sink.send(m, tracker);
        }
        catch (final Throwable t)
        {
            group.onError(t);
            accepted = false;
        }
        if (!accepted)
        {
            tracker.unissue();
            evict(1011, "transport refused a send");
            return false;
        }
        group.recorders.record(LatencyMetric.END_TO_END, m.priority(), now - m.originNanos());
        final boolean audio = m.kind() == OutboundKind.AUDIO;
        if (audio)
        {
            group.recorders.record(LatencyMetric.PACING_LATENESS, m.priority(), now - m.originNanos());
        }
        final Object owner = m.owner();
        queue.pop(lane);
        count(StreamCounter.SENT, 1);
        count(StreamCounter.SENT_BYTES, bytes);
        syncQueued();
        if (audio)
        {
            player.onFrameLeft(owner, true, now);
        }
        return true;
    }

    @Override
    public void onSendDone(final int priority, final long nanos)
    {
        group.recorders.record(LatencyMetric.SEND_TIME, Priority.of(priority), nanos);
        if (nanos > config.slowSendNanos() && slowMarkedIndex != tracker.oldestIndex() - 1)
        {
            slowEvent(group.now());
        }
    }

    /** @return false if the stream was evicted. */
    private boolean checkSlowness(final long now)
    {
        final long oldest = tracker.oldestStart();
        if (oldest >= 0)
        {
            final long age = now - oldest;
            if (age > config.sendTimeoutNanos())
            {
                evict(1008, "slow consumer: send not completed within " + config.sendTimeoutNanos() / 1_000_000 + " ms");
                return false;
            }
            if (age > config.slowSendNanos() && slowMarkedIndex != tracker.oldestIndex())
            {
                slowMarkedIndex = tracker.oldestIndex(); // a stalled send counts once, not every cycle
                slowEvent(now);
            }
        }
        else if (state == StreamState.SLOW_CONSUMER && now - lastSlowNanos > 2 * config.slowSendNanos() && level == QueueLevel.NORMAL)
        {
            slowEvents = 0; // caught up: back to normal service
            changeState(StreamState.CONNECTED, null);
        }
        return true;
    }

    private void slowEvent(final long now)
    {
        lastSlowNanos = now;
        count(StreamCounter.SLOW_EVENTS, 1);
        if (++slowEvents > config.slowEvents() && state != StreamState.SLOW_CONSUMER)
        {
            changeState(StreamState.SLOW_CONSUMER, "more than " + config.slowEvents() + " slow sends");
            queue.shed(Priority.BULK.ordinal());
            queue.shed(Priority.IMPORTANT.ordinal());
            syncQueued();
        }
    }

    boolean needsService()
    {
        return !closed && (queue.size() > 0 || !tracker.idle() || noticePending);
    }

    /** @return messages still to deliver before stop may finish: CONTROL and CRITICAL, and sends in flight. */
    boolean drained()
    {
        return closed || (queue.peek(0) == null && queue.peek(1) == null && tracker.idle());
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
        try
        {
            sink.close(code, reason);
        }
        catch (final Throwable t)
        {
            group.onError(t);
        }
        group.remove(this);
        count(StreamCounter.QUEUED, -queuedReported);
        queuedReported = 0;
    }

    private void changeState(final StreamState next, final String reason)
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

    private void syncQueued()
    {
        final long now = queue.size();
        count(StreamCounter.QUEUED, now - queuedReported);
        queuedReported = now;
        counters.set(StreamCounter.QUEUED_BYTES, queue.sizeBytes());
    }

    private void count(final int slot, final long delta)
    {
        counters.add(slot, delta);
        group.counters.add(slot, delta);
    }
}
