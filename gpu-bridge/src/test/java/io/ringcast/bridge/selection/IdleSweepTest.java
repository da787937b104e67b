package io.ringcast.bridge.selection;

import io.ringcast.bridge.batching.BatchingConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An idle bridge must not wake a thread every few milliseconds: on a small host that is CPU the audio needs. */
@Tag("unit")
class IdleSweepTest
{

    @Test
    void shouldRunNoPeriodicSweepWhileNothingIsOpen() throws Exception
    {
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        final ProviderPool pool =
            new ProviderPool(SelectionConfig.builder().build(), BatchingConfig.builder().build(), timer, e ->
            {
            });
        try
        {
            Thread.sleep(500); // the behaviour under test is what happens while time passes idle
            final long ran = timer.getCompletedTaskCount();
            // The health tick runs once a second; a deadline sweep every 10 ms would have run ~50 times.
            assertTrue(ran <= 2, "timer tasks run in 500 ms of idle: " + ran);
        }
        finally
        {
            pool.close();
            timer.shutdownNow();
        }
    }
}
