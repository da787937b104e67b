package io.ringcast.engine.support;

import java.util.function.BooleanSupplier;

/** Waits on a condition, not on time: polls every millisecond until it holds or the timeout passes. */
public final class Await
{
    private Await()
    {
    }

    /** @return whether {@code condition} held within {@code millis} (the caller asserts, with its own message). */
    public static boolean until(final BooleanSupplier condition, final long millis) throws InterruptedException
    {
        final long end = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - end >= 0)
            {
                return condition.getAsBoolean();
            }
            Thread.sleep(1);
        }
        return true;
    }
}
