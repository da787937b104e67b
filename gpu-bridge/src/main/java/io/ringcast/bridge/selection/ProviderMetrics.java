package io.ringcast.bridge.selection;

import org.HdrHistogram.Histogram;

/**
 * A snapshot of one provider's metrics; histograms are copies the caller owns.
 *
 * @param address           worker {@code host:port}
 * @param state             HEALTHY / EJECTED / RETIRED
 * @param queueDepth        requests queued, not yet sent
 * @param inFlightBatches   batches sent and not fully answered
 * @param outstanding       open requests (queued + sent)
 * @param ewmaFirstChunkMs  EWMA of first-chunk latency (sent to first chunk), ms; NaN before any sample
 * @param requests          attempts accepted so far
 * @param errors            errors and timeouts so far
 * @param batchSizeCounts   index n: batches of n requests sent
 * @param queueDelayNanos   time from queued to sent, ns
 * @param firstChunkNanos   time from sent to first chunk, ns
 */
public record ProviderMetrics(String address, ProviderState state, int queueDepth, int inFlightBatches, int outstanding,
    double ewmaFirstChunkMs, long requests, long errors, long[] batchSizeCounts,
    Histogram queueDelayNanos, Histogram firstChunkNanos)
{
}
