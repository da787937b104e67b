package io.ringcast.gateway.support;

import java.time.Duration;

/** Waits on a condition, not on time: polls every few milliseconds until it holds or the timeout passes. */
public final class Await
{
    private static final long POLL_MILLIS = 5;

    /** A condition that may read over the network or from a file. */
    @FunctionalInterface
    public interface Condition
    {
        /** @return whether it holds now. @throws Exception when it cannot be read. */
        boolean holds() throws Exception;
    }

    private Await()
    {
    }

    /** @return whether {@code condition} held within {@code timeout} (the caller asserts, with its own message). */
    public static boolean until(final Condition condition, final Duration timeout) throws Exception
    {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!condition.holds())
        {
            if (System.nanoTime() - end >= 0)
            {
                return condition.holds();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
