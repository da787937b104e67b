package io.ringcast.perf.harness.scenario;

import java.util.function.BooleanSupplier;

/** Bounded waiting for a condition, polled every 10 ms. */
public final class Await
{
    private Await()
    {
    }

    /**
     * @param condition what to wait for.
     * @param millis    the most to wait.
     * @return true when the condition held in time.
     */
    public static boolean until(final BooleanSupplier condition, final long millis)
    {
        final long end = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() >= end)
            {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    /** @param millis sleep, giving up quietly (and keeping the flag) when interrupted. */
    public static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
