package io.ringcast.bridge.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, not on time: polls every few milliseconds until it holds or the timeout passes. */
public final class Await {

    private static final long POLL_MILLIS = 5;

    private Await() {
    }

    /** @return whether {@code condition} held within {@code timeout} (the caller asserts, with its own message). */
    public static boolean until(final BooleanSupplier condition, final Duration timeout) throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end >= 0) {
                return condition.getAsBoolean();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
