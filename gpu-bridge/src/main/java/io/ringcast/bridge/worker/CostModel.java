package io.ringcast.bridge.worker;

/**
 * The reference worker's GPU cost model (GPU-COST-MODEL.md): a batch occupies one simulated
 * GPU for {@code max(minBatchMs, fixedMs + perAudioSecondMs * secondsOfAudioInBatch)}; each
 * request's first chunk leaves after {@code firstChunkShare} of that time and the rest follow
 * evenly until the batch ends.
 *
 * @param fixedMs          fixed cost of any batch (kernel launches, one weight read); default 12
 * @param perAudioSecondMs GPU time per second of audio produced in the batch; default 0.55
 * @param minBatchMs       lower bound of a batch's latency; default 13
 * @param firstChunkShare  fraction (0..1] of the batch latency after which first chunks leave; default 0.5
 */
public record CostModel(double fixedMs, double perAudioSecondMs, double minBatchMs, double firstChunkShare)
{

    /** Measured on one H100 (GPU-COST-MODEL.md): 12 ms + 0.55 ms per audio second, at least 13 ms. */
    public static final CostModel H100 = new CostModel(12.0, 0.55, 13.0, 0.5);

    /** No simulated GPU time: chunks leave as soon as they are synthesized. */
    public static final CostModel NONE = new CostModel(0, 0, 0, 1.0);

    /** Validates the parameters. */
    public CostModel
    {
        if (fixedMs < 0 || perAudioSecondMs < 0 || minBatchMs < 0)
        {
            throw new IllegalArgumentException("cost model times must be >= 0");
        }
        if (!(firstChunkShare > 0 && firstChunkShare <= 1))
        {
            throw new IllegalArgumentException("firstChunkShare must be in (0, 1], got " + firstChunkShare);
        }
    }

    /** Returns this model with other fixed, per-audio-second and minimum times (ms). */
    public CostModel withTimes(final double fixed, final double perSecond, final double min)
    {
        return new CostModel(fixed, perSecond, min, firstChunkShare);
    }

    /** The time one batch occupies a GPU, in nanoseconds, for the given seconds of audio. */
    public long batchLatencyNanos(final double audioSeconds)
    {
        final double ms = Math.max(minBatchMs, fixedMs + perAudioSecondMs * audioSeconds);
        return (long)(ms * 1_000_000.0);
    }

    /** When chunk {@code index} of {@code count} leaves, in ns after the batch started. */
    public long chunkOffsetNanos(final long batchNanos, final int index, final int count)
    {
        final double first = batchNanos * firstChunkShare;
        if (count <= 1)
        {
            return (long)first;
        }
        return (long)(first + (batchNanos - first) * index / (count - 1));
    }
}
