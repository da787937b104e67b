package io.ringcast.perf.harness;

import io.ringcast.perf.harness.measure.FrameJitter;
import io.ringcast.perf.harness.measure.UtteranceCheck;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.Targets;
import io.ringcast.perf.harness.target.ServerMetrics;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's statistics against hand-computed cases. */
@Tag("unit")
class StatisticsTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldMeasureFrameDeviationOnlyAfterThePrefill()
    {
        final FrameJitter j = new FrameJitter(20, 3);
        // Prefill: seq 0..2 at t=0, then paced frames at 20, 41, 60 ms (seq 3, 4, 5).
        assertEquals(-1, j.onFrame(0, 0));
        assertEquals(-1, j.onFrame(1, 0));
        assertEquals(-1, j.onFrame(2, 0));
        assertEquals(-1, j.onFrame(3, 20 * MS), "seq 2 is a prefill frame: no deviation for 2 -> 3");
        assertEquals(1 * MS, j.onFrame(4, 41 * MS));
        assertEquals(1 * MS, j.onFrame(5, 60 * MS));
    }

    @Test
    void shouldComputeRfc3550JitterByHand()
    {
        final FrameJitter j = new FrameJitter(20, 0);
        j.onFrame(0, 0);
        j.onFrame(1, 24 * MS); // D = 24 - 20 = 4 ms: J = 0 + (4 - 0) / 16 = 0.25 ms
        assertEquals(0.25 * MS, j.rfc3550Nanos(), 1);
        j.onFrame(2, 40 * MS); // D = 16 - 20 = -4 ms: J = 0.25 + (4 - 0.25) / 16 = 0.484375 ms
        assertEquals(0.484375 * MS, j.rfc3550Nanos(), 1);
    }

    @Test
    void shouldDetectAGapOutOfOrderAndSampleMismatch()
    {
        final UtteranceCheck ok = new UtteranceCheck();
        ok.onFrame(0, 640);
        ok.onFrame(1, 160);
        assertEquals(UtteranceCheck.Verdict.OK, ok.finish(2, 400));

        final UtteranceCheck gap = new UtteranceCheck();
        gap.onFrame(0, 640);
        gap.onFrame(2, 640);
        assertEquals(1, gap.gaps());
        assertEquals(UtteranceCheck.Verdict.GAP, gap.finish(3, -1));

        final UtteranceCheck order = new UtteranceCheck();
        order.onFrame(1, 640);
        order.onFrame(0, 640);
        assertEquals(UtteranceCheck.Verdict.GAP, order.finish(2, -1),
            "seq 1 first means seq 0 was missing when it came");

        final UtteranceCheck samples = new UtteranceCheck();
        samples.onFrame(0, 640);
        assertEquals(UtteranceCheck.Verdict.SAMPLE_MISMATCH, samples.finish(1, 800));
        assertEquals(UtteranceCheck.Verdict.COUNT_MISMATCH, samples.finish(2, 320));
    }

    @Test
    void shouldReadPercentilesOfMicrosecondHistogramsInMilliseconds()
    {
        final Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int v = 1; v <= 100; v++)
        {
            h.recordValue(v * 1000L); // 1 .. 100 ms
        }
        assertEquals(50.0, io.ringcast.perf.harness.scenario.Percentiles.ms(h, 50), 0.1);
        assertEquals(99.0, io.ringcast.perf.harness.scenario.Percentiles.ms(h, 99), 0.1);
        assertEquals(100.0, io.ringcast.perf.harness.scenario.Percentiles.maxMs(h), 0.1);
        assertTrue(Double.isNaN(io.ringcast.perf.harness.scenario.Percentiles.ms(new Histogram(3), 50)));
    }

    @Test
    void shouldJudgeMetricsAgainstTargets()
    {
        assertTrue(Metric.slo("fal", "p95", 299, "ms", Metric.Rule.BELOW, 300).pass());
        assertFalse(Metric.slo("fal", "p95", 300, "ms", Metric.Rule.BELOW, 300).pass());
        assertTrue(Metric.slo("t", "rate", 100_000, "msg/s", Metric.Rule.AT_LEAST, 100_000).pass());
        assertEquals("< 300 ms", Metric.slo("fal", "p95", 1, "ms", Metric.Rule.BELOW, 300).target());
        assertEquals(null, Metric.info("x", "y", 1, "ms").pass());
    }

    @Test
    void shouldPickTheFalTargetOfTheNearestLowerSessionCount()
    {
        final Targets t = Targets.defaults(false);
        assertEquals(300, t.falP95For(1));
        assertEquals(300, t.falP95For(2));
        assertEquals(400, t.falP95For(3));
        assertEquals(600, t.falP95For(100));
        assertEquals(250,
            new Targets(Targets.parseFal("5=250"), 5, 50, 20, false, 2, 1, 2, 1, 0.1, 1, null).falP95For(1));
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofSeconds(3), DurationConverter.parse("3"));
    }

    @Test
    void shouldSumPrometheusSamplesByNameAndLabel()
    {
        final ServerMetrics m = ServerMetrics.parse("""
            # HELP ringcast_messages_dropped Messages dropped
            # TYPE ringcast_messages_dropped counter
            ringcast_messages_dropped_total{priority="bulk"} 7.0
            ringcast_messages_dropped_total{priority="important"} 2.0
            ringcast_jvm_heap_used_bytes 1.5E8
            """);
        assertEquals(7.0, m.sum("ringcast_messages_dropped", "bulk"));
        assertEquals(9.0, m.sum("ringcast_messages_dropped", null));
        assertEquals(1.5e8, m.sum("ringcast_jvm_heap_used_bytes", null));
        assertTrue(Double.isNaN(m.sum("ringcast_nothing", null)));
    }
}
