package io.ringcast.engine.metrics;

import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;

/**
 * One group's latency recorders, one per {@link LatencyMetric} and priority. Recording is wait-free and
 * allocation-free on the group thread (single writer); {@link #drainInto} may be called from any thread.
 */
public final class LatencyRecorders
{
    /** Values above this (one minute) are clamped, never thrown on. */
    public static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int DIGITS = 3;

    private final SingleWriterRecorder[] recorders =
        new SingleWriterRecorder[LatencyMetric.values().length * Priority.COUNT];
    private final Histogram[] recycled = new Histogram[recorders.length];

    /** Creates every recorder up front. */
    public LatencyRecorders()
    {
        for (int i = 0; i < recorders.length; i++)
        {
            recorders[i] = new SingleWriterRecorder(1, HIGHEST_NANOS, DIGITS);
        }
    }

    /**
     * Group thread only.
     *
     * @param metric   what was measured.
     * @param priority of the message.
     * @param nanos    the latency; negative values count as 0, values over a minute as a minute.
     */
    public void record(final LatencyMetric metric, final Priority priority, final long nanos)
    {
        final long value = nanos < 1 ? 1 : Math.min(nanos, HIGHEST_NANOS);
        recorders[metric.ordinal() * Priority.COUNT + priority.ordinal()].recordValue(value);
    }

    /**
     * Move what was recorded since the last call into {@code target}.
     *
     * @param metric   which metric.
     * @param priority which priority.
     * @param target   accumulates the interval.
     */
    public synchronized void drainInto(final LatencyMetric metric, final Priority priority, final Histogram target)
    {
        final int i = metric.ordinal() * Priority.COUNT + priority.ordinal();
        recycled[i] = recorders[i].getIntervalHistogram(recycled[i]);
        target.add(recycled[i]);
    }

    /** @return an empty histogram with the range and precision of these recorders. */
    public static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_NANOS, DIGITS);
    }
}
