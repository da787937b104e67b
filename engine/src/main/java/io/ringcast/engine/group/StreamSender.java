package io.ringcast.engine.group;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.StreamState;
import io.ringcast.engine.metrics.StreamCounter;
import io.ringcast.engine.pacing.Utterance;
import io.ringcast.engine.queue.OutboundMessage;
import io.ringcast.engine.queue.OutboundQueue;

/**
 * A stream's send stage, on its group thread: reap completions, apply the slow-consumer policy, then hand
 * queued messages to the sink in lane order while the in-flight budget allows. The socket never holds
 * more than {@code max_inflight_bytes}; everything else waits in the bounded queue.
 */
final class StreamSender implements SendTracker.Reaped
{
    private final GroupStream session;
    private final StreamGroupAgent group;
    private final StreamSink sink;
    private final OutboundQueue queue;
    private final SendTracker tracker;
    private final SlowConsumerPolicy slowness;
    private long slowReported;

    StreamSender(final GroupStream session, final StreamGroupAgent group, final EngineConfig config,
        final StreamSink sink,
        final OutboundQueue queue)
    {
        this.session = session;
        this.group = group;
        this.sink = sink;
        this.queue = queue;
        this.tracker = new SendTracker(config.maxInflightMessages(), config.maxInflightBytes(), config.clock(),
            group.sendCompletions);
        this.slowness = new SlowConsumerPolicy(config.slowSendNanos(), config.slowEvents(), config.sendTimeoutNanos());
    }

    /** @return work done: messages handed over or completions reaped. */
    int service(final long now)
    {
        if (session.closed)
        {
            return 0;
        }
        int work = tracker.reap(now, this);
        if (tracker.failure() != null)
        {
            session.evict(1011, "send failed: " + tracker.failure());
            return work + 1;
        }
        if (!checkSlowness(now))
        {
            return work + 1;
        }
        session.maybeNotice(now);
        int lane;
        while (!session.closed && (lane = queue.nextLane()) >= 0)
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
            session.counters.set(StreamCounter.INFLIGHT_BYTES, tracker.inflightBytes());
            session.checkLevel(now);
        }
        return work;
    }

    private boolean handOver(final OutboundMessage m, final int lane, final long now)
    {
        final int bytes = m.bytes();
        final boolean audio = m.kind() == OutboundKind.AUDIO;
        // An audio frame's header carries its actual send time, not the cycle's start: a listener's clock.
        final long sentAt = audio ? group.clock().nanoTime() : now;
        m.sendNanos(sentAt);
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
            session.evict(1011, "transport refused a send");
            return false;
        }
        group.recorders.record(LatencyMetric.END_TO_END, m.priority(), sentAt - m.originNanos());
        if (audio && m.paced())
        {
            group.recorders.record(LatencyMetric.PACING_LATENESS, m.priority(), sentAt - m.originNanos());
        }
        final Object owner = m.owner();
        if (audio && m.seq() == 0)
        {
            // Frame 0 is handed over once: a pause only withdraws frames not yet handed over.
            group.recorders.record(LatencyMetric.FIRST_AUDIO, m.priority(), sentAt - ((Utterance)owner).spokenNanos());
        }
        queue.pop(lane);
        session.count(StreamCounter.SENT, 1);
        session.count(StreamCounter.SENT_BYTES, bytes);
        session.syncQueued();
        if (audio)
        {
            session.player.onFrameLeft(owner, true, now);
        }
        return true;
    }

    @Override
    public void onSendDone(final int priority, final long nanos)
    {
        group.recorders.record(LatencyMetric.SEND_TIME, Priority.of(priority), nanos);
        final boolean slowNow = slowness.onSendDone(tracker.oldestIndex() - 1, nanos, group.now());
        syncSlowEvents();
        if (slowNow)
        {
            becomeSlow();
        }
    }

    /** @return false if the stream was evicted. */
    private boolean checkSlowness(final long now)
    {
        final SlowConsumerPolicy.Verdict verdict =
            slowness.check(tracker.oldestStart(), tracker.oldestIndex(), session.level == QueueLevel.NORMAL, now);
        syncSlowEvents();
        switch (verdict)
        {
            case EVICT:
                session.evict(1008, "slow consumer: send not completed within " + slowness.sendTimeoutMillis() + " ms");
                return false;
            case SLOW:
                becomeSlow();
                return true;
            case RECOVERED:
                session.changeState(StreamState.CONNECTED, null);
                session.slownessChanged();
                return true;
            default:
                return true;
        }
    }

    private void syncSlowEvents()
    {
        final long total = slowness.totalEvents();
        if (total != slowReported)
        {
            session.count(StreamCounter.SLOW_EVENTS, total - slowReported);
            slowReported = total;
        }
    }

    private void becomeSlow()
    {
        session.changeState(StreamState.SLOW_CONSUMER, "more than " + slowness.slowEventsAllowed() + " slow sends");
        queue.shed(Priority.BULK.ordinal());
        queue.shed(Priority.IMPORTANT.ordinal());
        session.syncQueued();
        session.slownessChanged();
    }

    /** @return true while the stream is a slow consumer (BULK and IMPORTANT refused). */
    boolean slow()
    {
        return slowness.slow();
    }

    /** @return true when nothing is in flight. */
    boolean idle()
    {
        return tracker.idle();
    }
}
