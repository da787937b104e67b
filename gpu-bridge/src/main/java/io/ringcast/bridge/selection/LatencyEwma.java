package io.ringcast.bridge.selection;

/** Exponentially weighted moving average of first-chunk latency, in nanoseconds. Thread-safe. */
final class LatencyEwma
{

    private final double alpha;
    private double value = Double.NaN; // guarded by this

    LatencyEwma(final double alpha)
    {
        this.alpha = alpha;
    }

    synchronized void record(final long nanos)
    {
        value = Double.isNaN(value) ? nanos : value + alpha * (nanos - value);
    }

    /** The average, or NaN before the first sample. */
    synchronized double nanos()
    {
        return value;
    }
}
