package io.ringcast.bridge.selection;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One provider's counters and latency histograms. Recording is wait-free (HdrHistogram
 * {@link Recorder}); a snapshot folds the recorders' intervals into running totals.
 */
final class ProviderStats
{

    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLongArray batchSizes;
    private final Recorder queueDelay = new Recorder(MAX_NANOS, 3);
    private final Recorder firstChunk = new Recorder(MAX_NANOS, 3);
    private final Histogram queueDelayTotal = new Histogram(MAX_NANOS, 3);
    private final Histogram firstChunkTotal = new Histogram(MAX_NANOS, 3);
    private Histogram queueDelayInterval;
    private Histogram firstChunkInterval;

    ProviderStats(final int maxBatch)
    {
        this.batchSizes = new AtomicLongArray(maxBatch + 1);
    }

    void request()
    {
        requests.incrementAndGet();
    }

    void error()
    {
        errors.incrementAndGet();
    }

    void batch(final int size)
    {
        batchSizes.incrementAndGet(Math.min(size, batchSizes.length() - 1));
    }

    void queueDelay(final long nanos)
    {
        queueDelay.recordValue(Math.min(MAX_NANOS, Math.max(0, nanos)));
    }

    void firstChunk(final long nanos)
    {
        firstChunk.recordValue(Math.min(MAX_NANOS, Math.max(0, nanos)));
    }

    long requests()
    {
        return requests.get();
    }

    long errors()
    {
        return errors.get();
    }

    long[] batchSizeCounts()
    {
        final long[] out = new long[batchSizes.length()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = batchSizes.get(i);
        }
        return out;
    }

    /** Totals since start: copies of {queue delay, first chunk}. */
    synchronized Histogram[] histograms()
    {
        queueDelayInterval = queueDelay.getIntervalHistogram(queueDelayInterval);
        firstChunkInterval = firstChunk.getIntervalHistogram(firstChunkInterval);
        queueDelayTotal.add(queueDelayInterval);
        firstChunkTotal.add(firstChunkInterval);
        return new Histogram[]{queueDelayTotal.copy(), firstChunkTotal.copy()};
    }
}
