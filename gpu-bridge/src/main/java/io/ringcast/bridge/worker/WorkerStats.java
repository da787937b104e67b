package io.ringcast.bridge.worker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one reference worker, for tests, logs and the benchmark: what it received, what
 * it sent, and the sizes of the batches it ran. Thread-safe; reads are a best-effort view.
 */
public final class WorkerStats
{

    /** Batch sizes above this are counted in the last bucket. */
    public static final int MAX_TRACKED_BATCH = 256;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLongArray batchSizes = new AtomicLongArray(MAX_TRACKED_BATCH + 1);

    void batchReceived(final int size)
    {
        batches.incrementAndGet();
        requests.addAndGet(size);
        batchSizes.incrementAndGet(Math.min(size, MAX_TRACKED_BATCH));
    }

    void chunkSent()
    {
        chunks.incrementAndGet();
    }

    void countCompleted()
    {
        completed.incrementAndGet();
    }

    void countCancelled()
    {
        cancelled.incrementAndGet();
    }

    void countFailed()
    {
        failed.incrementAndGet();
    }

    /** Batches received. */
    public long batches()
    {
        return batches.get();
    }

    /** Requests received, in all batches. */
    public long requests()
    {
        return requests.get();
    }

    /** Chunks sent, all requests together. */
    public long chunks()
    {
        return chunks.get();
    }

    /** Requests answered with Done. */
    public long completed()
    {
        return completed.get();
    }

    /** Requests stopped by a Cancel. */
    public long cancelled()
    {
        return cancelled.get();
    }

    /** Requests answered with Failed for any reason but a cancel. */
    public long failed()
    {
        return failed.get();
    }

    /** How many batches of exactly {@code size} requests were received. */
    public long batchesOfSize(final int size)
    {
        return batchSizes.get(Math.min(size, MAX_TRACKED_BATCH));
    }

    /** The largest batch size seen, 0 if none. */
    public int largestBatch()
    {
        for (int i = MAX_TRACKED_BATCH; i > 0; i--)
        {
            if (batchSizes.get(i) > 0)
            {
                return i;
            }
        }
        return 0;
    }
}
