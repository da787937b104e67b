package io.ringcast.gateway.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HdrHistogram nanoseconds into classic Prometheus buckets, as the text exposition writes them. */
@Tag("unit")
class LatencyBucketsTest
{
    private static String exposition(final Histogram h) throws Exception
    {
        final HistogramSnapshot snapshot = HistogramSnapshot.builder().name("t_seconds").help("test")
            .dataPoint(LatencyBuckets.dataPoint(h, Labels.of("priority", "control"))).build();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, MetricSnapshots.of(snapshot));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertLine(final String text, final String line)
    {
        assertTrue(text.contains(line + "\n"), "missing '" + line + "' in\n" + text);
    }

    @Test
    void shouldCountEachValueIntoTheFirstBucketAtLeastAsLargeCumulatively() throws Exception
    {
        final Histogram h = new Histogram(1, TimeUnit.MINUTES.toNanos(1), 3);
        h.recordValueWithCount(TimeUnit.MICROSECONDS.toNanos(50), 10);
        h.recordValueWithCount(TimeUnit.MILLISECONDS.toNanos(1), 5); // exactly on a bound: le="0.001" holds it
        h.recordValueWithCount(TimeUnit.MILLISECONDS.toNanos(7), 3);
        h.recordValue(TimeUnit.SECONDS.toNanos(20)); // beyond the last finite bound

        final String text = exposition(h);

        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"1.0E-4\"} 10");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"5.0E-4\"} 10");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"0.001\"} 15");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"0.005\"} 15");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"0.01\"} 18");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"10.0\"} 18");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"+Inf\"} 19");
        assertLine(text, "t_seconds_count{priority=\"control\"} 19");
        final double sum =
            Double.parseDouble(text.replaceAll("(?s).*t_seconds_sum\\{priority=\"control\"} ([^\\n]+)\\n.*", "$1"));
        final double exact = 10 * 50e-6 + 5 * 1e-3 + 3 * 7e-3 + 20;
        assertEquals(exact, sum, exact * 0.001, "the sum is exact to HdrHistogram's 3 digits");
    }

    @Test
    void shouldExposeEveryBucketAtZeroBeforeAnythingWasRecorded() throws Exception
    {
        final String text = exposition(null);
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"1.0E-4\"} 0");
        assertLine(text, "t_seconds_bucket{priority=\"control\",le=\"+Inf\"} 0");
        assertLine(text, "t_seconds_count{priority=\"control\"} 0");
        assertEquals(LatencyBuckets.BOUNDS_SECONDS.length, text.split("t_seconds_bucket", -1).length - 1,
            "a series exists from start, so rate() has a first sample");
    }
}
