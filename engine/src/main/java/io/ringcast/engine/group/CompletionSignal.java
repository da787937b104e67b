package io.ringcast.engine.group;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A group's count of send completions of all its streams, bumped by the transports' threads. The group thread
 * services its active streams again only when this moved (or an event, a timer or time says so), and a group parked
 * while messages wait for sends in flight to complete is woken by the next completion instead of polling for it.
 */
final class CompletionSignal
{
    private final AtomicLong count = new AtomicLong();
    private volatile GroupIdleStrategy waiter;

    /** Any thread: a send of one of the group's streams completed. */
    void completed()
    {
        count.incrementAndGet();
        final GroupIdleStrategy w = waiter;
        if (w != null)
        {
            w.wakeIfAwaitingCompletions();
        }
    }

    /** @return completions so far. */
    long count()
    {
        return count.get();
    }

    /** The idle strategy of the group's thread, woken by completions it waits for. */
    void waiter(final GroupIdleStrategy strategy)
    {
        waiter = strategy;
    }
}
