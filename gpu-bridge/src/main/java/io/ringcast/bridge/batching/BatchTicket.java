package io.ringcast.bridge.batching;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the requests of one in-flight batch that are not yet answered; the last one frees the batch's slot. */
final class BatchTicket
{

    private final AtomicInteger remaining;
    private final Batcher batcher;

    BatchTicket(final int size, final Batcher batcher)
    {
        this.remaining = new AtomicInteger(size);
        this.batcher = batcher;
    }

    void release()
    {
        if (remaining.decrementAndGet() == 0)
        {
            batcher.batchDone();
        }
    }
}
