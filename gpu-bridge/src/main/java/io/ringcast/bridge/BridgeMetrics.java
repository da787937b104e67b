package io.ringcast.bridge;

import io.ringcast.bridge.selection.ProviderMetrics;

import java.util.List;

/**
 * A snapshot of the bridge for {@code /metrics} and {@code /stats}.
 *
 * @param discovery         where workers come from ({@code static:...}, {@code redis://...}, {@code embedded ...})
 * @param discoveryDegraded true while the registry is unreachable and the last known worker set is in use
 * @param submitted         submit calls so far
 * @param accepted          of those, accepted
 * @param overloaded        of those, refused as overloaded
 * @param unavailable       of those, refused as worker_unavailable
 * @param retries           requests retried on a second worker
 * @param panicRouted       requests sent to a worker ejected for errors because none was healthy (panic routing)
 * @param providers         one entry per known worker
 */
public record BridgeMetrics(String discovery, boolean discoveryDegraded, long submitted, long accepted, long overloaded,
    long unavailable, long retries, long panicRouted, List<ProviderMetrics> providers)
{
}
