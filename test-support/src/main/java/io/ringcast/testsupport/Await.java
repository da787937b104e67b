package io.ringcast.testsupport;

import java.time.Duration;

/** Waits on a condition, not on time: polls every few milliseconds until it holds or the timeout passes. */
public final class Await
{
    private static final long POLL_MILLIS = 2;

    /** A condition that may read over the network or from a file. */
    @FunctionalInterface
    public interface Condition
    {
        /**
         * @return whether it holds now.
         * @throws Exception when it cannot be read (the wait ends with that exception).
         */
        boolean holds() throws Exception;
    }

    private Await()
    {
    }

    /**
     * @param condition what to wait for.
     * @param timeout   how long at most.
     * @return whether {@code condition} held within {@code timeout} (the caller asserts, with its own message).
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public static boolean until(final Condition condition, final Duration timeout) throws InterruptedException
    {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!holds(condition))
        {
            if (System.nanoTime() - end >= 0)
            {
                return holds(condition);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * @param condition what to wait for.
     * @param millis    how long at most, in milliseconds.
     * @return whether {@code condition} held within {@code millis}.
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public static boolean until(final Condition condition, final long millis) throws InterruptedException
    {
        return until(condition, Duration.ofMillis(millis));
    }

    /**
     * Waits, and fails the test with {@code what} when the condition did not hold in time.
     *
     * @param condition what to wait for.
     * @param timeout   how long at most.
     * @param what      the condition in words, for the failure message.
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public static void expect(final Condition condition, final Duration timeout, final String what)
        throws InterruptedException
    {
        if (!until(condition, timeout))
        {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
    }

    private static boolean holds(final Condition condition) throws InterruptedException
    {
        try
        {
            return condition.holds();
        }
        catch (final InterruptedException | RuntimeException e)
        {
            throw e;
        }
        catch (final Exception e)
        {
            throw new IllegalStateException("the awaited condition could not be read", e);
        }
    }
}
