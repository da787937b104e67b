package io.ringcast.engine.group;

/**
 * Slow-consumer rules of one stream (docs/architecture.md, "Per-stream flow control"): a send slower than
 * {@code slow_send} is a slow event, and a send still outstanding past it counts once, at once; more
 * than {@code slow_events} make the stream a slow consumer; a send outstanding past {@code send_timeout}
 * evicts it; a slow consumer that has caught up (nothing outstanding, queue level normal, no slow event
 * for twice {@code slow_send}) recovers. Group thread only.
 */
final class SlowConsumerPolicy
{
    /** What {@link #check} concluded. */
    enum Verdict
    {
        /** Nothing to do. */
        OK,
        /** The stream just became a slow consumer. */
        SLOW,
        /** A send has been outstanding past the timeout: evict. */
        EVICT,
        /** A slow consumer caught up. */
        RECOVERED
    }

    private final long slowSendNanos;
    private final int slowEventsAllowed;
    private final long sendTimeoutNanos;
    private long events;
    private long totalEvents;
    private long lastEventNanos;
    private long markedIndex = -1;
    private boolean slow;

    SlowConsumerPolicy(final long slowSendNanos, final int slowEventsAllowed, final long sendTimeoutNanos)
    {
        this.slowSendNanos = slowSendNanos;
        this.slowEventsAllowed = slowEventsAllowed;
        this.sendTimeoutNanos = sendTimeoutNanos;
    }

    /**
     * A send completed.
     *
     * @param index    its index among the stream's sends.
     * @param nanos    how long it took.
     * @param now      monotonic time.
     * @return true if this made the stream a slow consumer.
     */
    boolean onSendDone(final long index, final long nanos, final long now)
    {
        return nanos > slowSendNanos && index != markedIndex && event(now);
    }

    /**
     * Look at the oldest outstanding send.
     *
     * @param oldestStart  when it started, or -1 if nothing is outstanding.
     * @param oldestIndex  its index.
     * @param queueNormal  true if the outbound queue is at level NORMAL.
     * @param now          monotonic time.
     * @return what to do.
     */
    Verdict check(final long oldestStart, final long oldestIndex, final boolean queueNormal, final long now)
    {
        if (oldestStart >= 0)
        {
            final long age = now - oldestStart;
            if (age > sendTimeoutNanos)
            {
                return Verdict.EVICT;
            }
            if (age > slowSendNanos && markedIndex != oldestIndex)
            {
                markedIndex = oldestIndex; // a stalled send counts once, not every cycle
                return event(now) ? Verdict.SLOW : Verdict.OK;
            }
            return Verdict.OK;
        }
        if (slow && queueNormal && now - lastEventNanos > 2 * slowSendNanos)
        {
            slow = false;
            events = 0;
            return Verdict.RECOVERED;
        }
        return Verdict.OK;
    }

    /** @return true while the stream is a slow consumer. */
    boolean slow()
    {
        return slow;
    }

    /** @return slow events since the stream opened. */
    long totalEvents()
    {
        return totalEvents;
    }

    /** @return the send timeout in milliseconds, for messages. */
    long sendTimeoutMillis()
    {
        return sendTimeoutNanos / 1_000_000;
    }

    /** @return the number of slow events that make a slow consumer. */
    int slowEventsAllowed()
    {
        return slowEventsAllowed;
    }

    private boolean event(final long now)
    {
        lastEventNanos = now;
        totalEvents++;
        if (++events > slowEventsAllowed && !slow)
        {
            slow = true;
            return true;
        }
        return false;
    }
}
