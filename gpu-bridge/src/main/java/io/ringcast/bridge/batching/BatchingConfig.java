package io.ringcast.bridge.batching;

import java.time.Duration;

/**
 * Dynamic batching settings, applied per provider (one worker). A batch closes when it holds
 * {@code maxBatch} requests or {@code maxQueueDelay} after its first request was queued,
 * whichever comes first, and leaves only while fewer than {@code maxConcurrent} batches of
 * that provider are in flight. With {@code dispatchWhenIdle} (the default) a provider with no
 * batch in flight takes what is queued at once: waiting buys nothing while the GPU sits idle,
 * and while a batch runs requests still accumulate, so batches grow with load and saturated
 * throughput is unchanged; turn it off for Triton's rule of waiting even when idle. Build with
 * {@link #builder()}; every setting has a default.
 *
 * Each setting's key, default, bounds and doc are declared once, in {@link BatchingConfiguration}.
 *
 * @param maxBatch      requests per batch at most ({@link BatchingConfiguration#MAX_BATCH})
 * @param maxQueueDelay longest a queued request waits for more requests
 *                      ({@link BatchingConfiguration#MAX_QUEUE_DELAY_MS})
 * @param queueCapacity queued (not yet sent) requests per provider ({@link BatchingConfiguration#PROVIDER_QUEUE})
 * @param maxConcurrent batches in flight per provider ({@link BatchingConfiguration#MAX_CONCURRENT_BATCHES})
 * @param dispatchWhenIdle an idle provider takes queued requests without waiting
 *                      ({@link BatchingConfiguration#DISPATCH_WHEN_IDLE})
 * @param maxQueueWait  admission by time: the longest estimated wait for a first chunk that is still admitted
 *                      ({@link BatchingConfiguration#MAX_QUEUE_WAIT_MS}); the estimate is the batch rounds queued ahead
 *                      times the fastest serving provider's first-chunk latency
 */
public record BatchingConfig(int maxBatch, Duration maxQueueDelay, int queueCapacity, int maxConcurrent,
    boolean dispatchWhenIdle,
    Duration maxQueueWait)
{

    /** The defaults. */
    public static final BatchingConfig DEFAULTS = builder().build();

    /** Validates every setting. */
    public BatchingConfig
    {
        BatchingConfiguration.MAX_BATCH.check(maxBatch);
        BatchingConfiguration.MAX_QUEUE_DELAY_MS.check(maxQueueDelay.toNanos() / 1e6);
        BatchingConfiguration.PROVIDER_QUEUE.check(queueCapacity);
        BatchingConfiguration.MAX_CONCURRENT_BATCHES.check(maxConcurrent);
        BatchingConfiguration.MAX_QUEUE_WAIT_MS.check(maxQueueWait.isNegative() || maxQueueWait.isZero()
            ? 0
            : Math.max(1, maxQueueWait.toMillis()));
    }

    /** A builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Builder of {@link BatchingConfig}. */
    public static final class Builder
    {
        private int maxBatch = BatchingConfiguration.MAX_BATCH.defaultValue();
        private Duration maxQueueDelay =
            BatchingConfiguration.queueDelay(BatchingConfiguration.MAX_QUEUE_DELAY_MS.defaultValue());
        private int queueCapacity = BatchingConfiguration.PROVIDER_QUEUE.defaultValue();
        private int maxConcurrent = BatchingConfiguration.MAX_CONCURRENT_BATCHES.defaultValue();
        private boolean dispatchWhenIdle = BatchingConfiguration.DISPATCH_WHEN_IDLE.defaultValue();
        private Duration maxQueueWait = Duration.ofMillis(BatchingConfiguration.MAX_QUEUE_WAIT_MS.defaultValue());

        private Builder()
        {
        }

        /** Sets {@code max_batch}. */
        public Builder maxBatch(final int v)
        {
            this.maxBatch = v;
            return this;
        }

        /** Sets {@code max_queue_delay}. */
        public Builder maxQueueDelay(final Duration v)
        {
            this.maxQueueDelay = v;
            return this;
        }

        /** Sets {@code queue_capacity}. */
        public Builder queueCapacity(final int v)
        {
            this.queueCapacity = v;
            return this;
        }

        /** Sets {@code max_concurrent}. */
        public Builder maxConcurrent(final int v)
        {
            this.maxConcurrent = v;
            return this;
        }

        /** Sets {@code dispatch_when_idle}. */
        public Builder dispatchWhenIdle(final boolean v)
        {
            this.dispatchWhenIdle = v;
            return this;
        }

        /** Sets {@code max_queue_wait}. */
        public Builder maxQueueWait(final Duration v)
        {
            this.maxQueueWait = v;
            return this;
        }

        /** The validated configuration. */
        public BatchingConfig build()
        {
            return new BatchingConfig(maxBatch, maxQueueDelay, queueCapacity, maxConcurrent, dispatchWhenIdle,
                maxQueueWait);
        }
    }
}
