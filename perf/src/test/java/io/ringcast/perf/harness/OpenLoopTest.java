package io.ringcast.perf.harness;

import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coordinated omission: a stalled sender must show in the corrected latency and not in the raw one. */
@Tag("unit")
class OpenLoopTest
{
    private static final long SERVICE_NANOS = 100_000; // a 0.1 ms "server"

    @Test
    void shouldRaiseLatencyForAStalledSenderVersusRaw()
    {
        final SeriesRecorder s = new SeriesRecorder("co", "test", "stalled sender");
        final OpenLoop loop = new OpenLoop();
        final long start = System.nanoTime();
        final long fired = loop.run(start, 1_000_000, start + 300_000_000L, () -> false, (i, intended) ->
        {
            if (i == 50)
            {
                sleep(100); // the sender stalls 100 ms: ~100 requests are due meanwhile
            }
            final long sent = System.nanoTime();
            s.record(intended, sent, sent + SERVICE_NANOS);
        });
        s.sample(null, System.currentTimeMillis());
        final Histogram corrected = s.corrected();
        final Histogram raw = s.raw();
        assertEquals(300, fired, 2);
        assertEquals(fired, corrected.getTotalCount());
        assertTrue(corrected.getMaxValue() >= 95_000,
            "corrected max includes the stall: " + corrected.getMaxValue() + " us");
        assertTrue(corrected.getValueAtPercentile(90) >= 10_000,
            "about a third of the requests waited behind the stall");
        assertTrue(raw.getValueAtPercentile(99) < 20_000,
            "raw latency hides the stall: " + raw.getValueAtPercentile(99) + " us");
        assertTrue(loop.lagMicros().getMaxValue() >= 95_000, "the sender's own lateness is kept as overhead");
    }

    @Test
    void shouldMatchRawWhenTheSenderKeepsUp()
    {
        final SeriesRecorder s = new SeriesRecorder("ok", "test", "punctual sender");
        final OpenLoop loop = new OpenLoop();
        final long start = System.nanoTime();
        loop.run(start, 2_000_000, start + 100_000_000L, () -> false, (i, intended) ->
        {
            final long sent = System.nanoTime();
            s.record(intended, sent, sent + SERVICE_NANOS);
        });
        s.sample(null, System.currentTimeMillis());
        assertTrue(s.corrected().getValueAtPercentile(50) < 5_000, "median stays near the service time");
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis); // slow work: the behaviour tested
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
