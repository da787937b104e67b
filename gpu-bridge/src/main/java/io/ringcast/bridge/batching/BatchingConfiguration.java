package io.ringcast.bridge.batching;

import io.ringcast.settings.Setting;

import java.time.Duration;
import java.util.List;

/**
 * Every batching setting of the bridge, declared once: key, default, bounds and doc. {@link BatchingConfig} defaults
 * from and checks with these; {@code ringcast serve} derives its bridge flags, {@code RINGCAST_*} variables and
 * config-file keys from them, and docs/configuration.md's bridge table is generated from {@link #ALL}.
 */
public final class BatchingConfiguration
{
    /** Requests per batch at most: up to 8 short requests cost about as much as one on a GPU. */
    public static final Setting<Integer> MAX_BATCH = Setting.ofInt("max_batch", 8).between(1, 1024)
        .doc("requests per batch at most: a batch closes when it holds this many");

    /** Longest a request waits for its batch to fill, ms. */
    public static final Setting<Double> MAX_QUEUE_DELAY_MS = Setting.ofDouble("max_queue_delay_ms", 2)
        .between(0.0, 10_000.0)
        .doc("longest a request waits for its batch to fill: a batch closes this long after its first request was " +
            "queued at the latest (fractions of a ms count)");

    /**
     * Requests queued per provider: a memory bound, not the working one; with read-ahead a request leaves its batch
     * at its first chunk, and {@link #MAX_QUEUE_WAIT_MS} refuses by time well before this many queue up.
     */
    public static final Setting<Integer> PROVIDER_QUEUE = Setting.ofInt("provider_queue", 4096).atLeast(1)
        .doc("requests queued per provider, a memory bound by count; when every eligible provider is full, a request " +
            "is refused at once (`overloaded`)");

    /** Admission by time: the longest estimated wait for a first chunk that is still admitted, ms. */
    public static final Setting<Long> MAX_QUEUE_WAIT_MS = Setting.ofLong("max_queue_wait_ms", 3000).atLeast(1L)
        .doc("admission by time: a speak whose estimated wait for its first audio (batch rounds queued ahead x the " +
            "fastest worker's first-chunk latency) is longer is refused at once (`overloaded`); see docs/bridge.md");

    /** Batches in flight per provider: one running, one on its way. */
    public static final Setting<Integer> MAX_CONCURRENT_BATCHES = Setting.ofInt("max_concurrent_batches", 2)
        .atLeast(1)
        .doc("batches in flight per provider (sent, not fully answered; a request with a read-ahead window " +
            "counts until its first chunk, since after that it streams at its listener's pace); further batches wait " +
            "and grow");

    /** An idle provider takes queued requests at once. */
    public static final Setting<Boolean> DISPATCH_WHEN_IDLE = Setting.ofBoolean("dispatch_when_idle", true)
        .doc(
            "a provider with no batch in flight takes queued requests at once (waiting buys nothing while the GPU is " +
                "idle; while a batch runs, requests still accumulate, so batches grow with load). Off " +
                "(`--no-dispatch-when-idle`): Triton's rule, wait even when idle");

    /** Every batching setting, in the order of the docs. */
    public static final List<Setting<?>> ALL = List.of(MAX_BATCH, MAX_QUEUE_DELAY_MS, PROVIDER_QUEUE,
        MAX_QUEUE_WAIT_MS, MAX_CONCURRENT_BATCHES, DISPATCH_WHEN_IDLE);

    private BatchingConfiguration()
    {
    }

    /**
     * @param ms a {@link #MAX_QUEUE_DELAY_MS} value (fractions of a millisecond count).
     * @return it as a duration.
     */
    public static Duration queueDelay(final double ms)
    {
        return Duration.ofNanos((long)(ms * 1e6));
    }
}
