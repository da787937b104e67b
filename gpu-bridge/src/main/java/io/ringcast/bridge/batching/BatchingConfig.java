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
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>max_batch</td><td>8</td><td>requests per batch at most</td></tr>
 *   <tr><td>max_queue_delay</td><td>2 ms</td><td>longest a request waits for its batch to fill</td></tr>
 *   <tr><td>queue_capacity</td><td>4096</td><td>requests queued per provider; more are refused as overloaded</td></tr>
 *   <tr><td>max_queue_wait</td><td>3 s</td><td>a request whose estimated wait for its first chunk is longer is refused as overloaded</td></tr>
 *   <tr><td>max_concurrent</td><td>2</td><td>batches in flight per provider (sent, not fully answered)</td></tr>
 *   <tr><td>dispatch_when_idle</td><td>true</td><td>an idle provider takes queued requests at once</td></tr>
 * </table>
 *
 * @param maxBatch      requests per batch at most (key {@code max_batch}, default {@value #DEFAULT_MAX_BATCH})
 * @param maxQueueDelay longest a queued request waits for more requests (key {@code max_queue_delay}, default 2 ms)
 * @param queueCapacity queued (not yet sent) requests per provider (key {@code queue_capacity}, default {@value #DEFAULT_QUEUE_CAPACITY})
 * @param maxConcurrent batches in flight per provider (key {@code max_concurrent}, default {@value #DEFAULT_MAX_CONCURRENT})
 * @param dispatchWhenIdle an idle provider takes queued requests without waiting (key {@code dispatch_when_idle}, default true)
 * @param maxQueueWait  admission by time: the longest estimated wait for a first chunk that is still admitted (key
 *                      {@code max_queue_wait}, default 3 s); the estimate is the batch rounds queued ahead times the
 *                      fastest serving provider's first-chunk latency
 */
public record BatchingConfig(int maxBatch, Duration maxQueueDelay, int queueCapacity, int maxConcurrent, boolean dispatchWhenIdle,
                             Duration maxQueueWait) {

    /** Default {@code max_batch}: up to 8 short requests cost about as much as one on a GPU. */
    public static final int DEFAULT_MAX_BATCH = 8;
    /** Default {@code max_queue_delay} in microseconds. */
    public static final long DEFAULT_MAX_QUEUE_DELAY_MICROS = 2_000;
    /**
     * Default {@code queue_capacity}: a memory bound, not the working one; with read-ahead a request leaves its
     * batch at its first chunk, and {@code max_queue_wait} refuses by time well before this many queue up.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 4_096;
    /** Default {@code max_queue_wait} in milliseconds. */
    public static final long DEFAULT_MAX_QUEUE_WAIT_MILLIS = 3_000;
    /** Default {@code max_concurrent}: one batch running, one on its way. */
    public static final int DEFAULT_MAX_CONCURRENT = 2;

    /** The defaults. */
    public static final BatchingConfig DEFAULTS = builder().build();

    /** Validates every setting. */
    public BatchingConfig {
        if (maxBatch < 1 || maxBatch > 1024) {
            throw new IllegalArgumentException("max_batch must be 1..1024, got " + maxBatch);
        }
        if (maxQueueDelay.isNegative() || maxQueueDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("max_queue_delay must be 0..10 s, got " + maxQueueDelay);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue_capacity must be >= 1, got " + queueCapacity);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max_concurrent must be >= 1, got " + maxConcurrent);
        }
        if (maxQueueWait.isNegative() || maxQueueWait.isZero()) {
            throw new IllegalArgumentException("max_queue_wait must be > 0, got " + maxQueueWait);
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link BatchingConfig}. */
    public static final class Builder {
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration maxQueueDelay = Duration.ofNanos(DEFAULT_MAX_QUEUE_DELAY_MICROS * 1_000);
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private boolean dispatchWhenIdle = true;
        private Duration maxQueueWait = Duration.ofMillis(DEFAULT_MAX_QUEUE_WAIT_MILLIS);

        private Builder() {
        }

        /** Sets {@code max_batch}. */
        public Builder maxBatch(final int v) {
            this.maxBatch = v;
            return this;
        }

        /** Sets {@code max_queue_delay}. */
        public Builder maxQueueDelay(final Duration v) {
            this.maxQueueDelay = v;
            return this;
        }

        /** Sets {@code queue_capacity}. */
        public Builder queueCapacity(final int v) {
            this.queueCapacity = v;
            return this;
        }

        /** Sets {@code max_concurrent}. */
        public Builder maxConcurrent(final int v) {
            this.maxConcurrent = v;
            return this;
        }

        /** Sets {@code dispatch_when_idle}. */
        public Builder dispatchWhenIdle(final boolean v) {
            this.dispatchWhenIdle = v;
            return this;
        }

        /** Sets {@code max_queue_wait}. */
        public Builder maxQueueWait(final Duration v) {
            this.maxQueueWait = v;
            return this;
        }

        /** The validated configuration. */
        public BatchingConfig build() {
            return new BatchingConfig(maxBatch, maxQueueDelay, queueCapacity, maxConcurrent, dispatchWhenIdle, maxQueueWait);
        }
    }
}
