package io.ringcast.perf.harness.scenario;

import org.HdrHistogram.Histogram;

/** Percentiles of a µs histogram in ms, NaN when it is empty. */
public final class Percentiles
{
    private Percentiles()
    {
    }

    /**
     * @param h          a histogram of µs values.
     * @param percentile 0..100.
     * @return the value at that percentile in ms, NaN when empty.
     */
    public static double ms(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** @return the maximum in ms, NaN when empty. */
    public static double maxMs(final Histogram h)
    {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }
}
