package io.ringcast.gateway.http;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Classic Prometheus histogram buckets (seconds) built from an HdrHistogram of nanoseconds recorded since start.
 * <p>
 * Why buckets and not quantiles: quantiles computed in one process over its whole run can be neither summed
 * across gateways nor windowed, while cumulative bucket counters can be ({@code histogram_quantile} over
 * {@code sum by (le) (rate(..._bucket[1m]))}). The bounds suit millisecond-scale latencies: 100 µs to 10 s.
 * A value falls into the first bucket whose bound is at least the lowest value HdrHistogram keeps equivalent
 * to it, so a bucket's edge is exact to the histogram's precision (3 significant digits).
 */
final class LatencyBuckets
{
    /** Upper bounds in seconds, +Inf last. */
    static final double[] BOUNDS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length - 1];

    static
    {
        for (int i = 0; i < BOUNDS_NANOS.length; i++)
        {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private LatencyBuckets()
    {
    }

    /**
     * @param nanos  recorded latencies in ns, or null (then every bucket is 0).
     * @param labels the series' labels.
     * @return one histogram series: per-bucket counts (the writer makes them cumulative), count and sum in seconds.
     */
    static HistogramSnapshot.HistogramDataPointSnapshot dataPoint(final Histogram nanos, final Labels labels)
    {
        final long[] counts = new long[BOUNDS_SECONDS.length];
        double sumNanos = 0;
        if (nanos != null && nanos.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : nanos.recordedValues())
            {
                final long value = v.getValueIteratedTo();
                final long n = v.getCountAddedInThisIterationStep();
                counts[bucketOf(nanos.lowestEquivalentValue(value))] += n;
                sumNanos += (double)nanos.medianEquivalentValue(value) * n;
            }
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
            .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, counts))
            .sum(sumNanos / 1e9).labels(labels).build();
    }

    /** @return the index of the first bucket whose bound is at least {@code nanos}. */
    static int bucketOf(final long nanos)
    {
        for (int i = 0; i < BOUNDS_NANOS.length; i++)
        {
            if (nanos <= BOUNDS_NANOS[i])
            {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }
}
