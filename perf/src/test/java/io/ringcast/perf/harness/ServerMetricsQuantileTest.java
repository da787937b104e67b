package io.ringcast.perf.harness;

import io.ringcast.perf.harness.target.ServerMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quantiles from the gateway's histogram buckets, as Prometheus' histogram_quantile computes them. */
@Tag("unit")
class ServerMetricsQuantileTest
{
    private static final String TWO_PROVIDERS = """
        # TYPE ringcast_provider_first_chunk_seconds histogram
        ringcast_provider_first_chunk_seconds_bucket{provider="a",le="0.01"} 50
        ringcast_provider_first_chunk_seconds_bucket{provider="a",le="0.025"} 90
        ringcast_provider_first_chunk_seconds_bucket{provider="a",le="+Inf"} 100
        ringcast_provider_first_chunk_seconds_count{provider="a"} 100
        ringcast_provider_first_chunk_seconds_bucket{provider="b",le="0.01"} 50
        ringcast_provider_first_chunk_seconds_bucket{provider="b",le="0.025"} 100
        ringcast_provider_first_chunk_seconds_bucket{provider="b",le="+Inf"} 100
        ringcast_provider_first_chunk_seconds_count{provider="b"} 100
        """;

    @Test
    void shouldInterpolateInsideTheBucketOverEverySeries()
    {
        final ServerMetrics m = ServerMetrics.parse(TWO_PROVIDERS);
        // 200 values: 100 up to 10 ms, 90 more up to 25 ms, 10 beyond. The median is the 100th: 10 ms.
        assertEquals(0.010, m.quantile("ringcast_provider_first_chunk_seconds", 0.5), 1e-9);
        // rank 170 is 70 of the 90 values in (10 ms, 25 ms].
        assertEquals(0.010 + 0.015 * 70 / 90, m.quantile("ringcast_provider_first_chunk_seconds", 0.85), 1e-9);
        assertEquals(0.025, m.quantile("ringcast_provider_first_chunk_seconds", 0.99), 1e-9,
            "beyond the last finite bound");
    }

    @Test
    void shouldBeNanForAMissingOrEmptyHistogram()
    {
        assertTrue(Double.isNaN(ServerMetrics.parse(TWO_PROVIDERS).quantile("ringcast_nothing_seconds", 0.99)));
        assertTrue(Double.isNaN(ServerMetrics.parse("x_seconds_bucket{le=\"+Inf\"} 0\n").quantile("x_seconds", 0.99)));
    }
}
