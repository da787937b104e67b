package io.ringcast.gateway.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections together may hold in partly received messages. Each connection holds at most
 * {@code max_message_bytes}; this bounds their sum, so many slow senders cannot add up to an
 * {@code OutOfMemoryError}. A connection that cannot reserve is closed with 1013 (try again later).
 */
public final class InboundBudget
{
    private final long limit;
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @param limit bytes all connections may buffer together. */
    public InboundBudget(final long limit)
    {
        if (limit <= 0)
        {
            throw new IllegalArgumentException("the inbound buffer limit must be positive, not " + limit);
        }
        this.limit = limit;
    }

    /** @return true if {@code bytes} more fit, and are now counted. */
    boolean tryReserve(final int bytes)
    {
        long now;
        do
        {
            now = buffered.get();
            if (now + bytes > limit)
            {
                refused.incrementAndGet();
                return false;
            }
        }
        while (!buffered.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back bytes reserved before. */
    void release(final long bytes)
    {
        buffered.addAndGet(-bytes);
    }

    /** @return bytes buffered in partly received messages now. */
    public long buffered()
    {
        return buffered.get();
    }

    /** @return the limit in bytes. */
    public long limit()
    {
        return limit;
    }

    /** @return reservations refused since start (each closed a connection with 1013). */
    public long refused()
    {
        return refused.get();
    }
}
