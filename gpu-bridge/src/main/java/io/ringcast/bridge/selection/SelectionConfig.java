package io.ringcast.bridge.selection;

import java.time.Duration;

/**
 * Provider selection and health settings. Build with {@link #builder()}; every key has a default.
 *
 * @param ewmaAlpha       weight of a new first-chunk sample in the latency EWMA (key {@code ewma_alpha}, default 0.2)
 * @param initialLatency  latency assumed for a provider with no sample yet (key {@code initial_latency}, default 20 ms)
 * @param ejectAfterErrors consecutive errors or timeouts that eject a provider (key {@code eject_after_errors}, default
 * 3)
 * @param healthInterval  how often each provider's health service is checked (key {@code health_interval}, default 1 s)
 * @param healthTimeout   deadline of one health check (key {@code health_timeout}, default 500 ms)
 * @param probeBackoff    first wait before an ejected provider is probed (key {@code probe_backoff}, default 100 ms;
 *                        doubles per failed probe)
 * @param maxProbeBackoff longest wait between probes (key {@code max_probe_backoff}, default 250 ms: a probe is one
 *                        health RPC, and a worker that comes back should serve again within a second)
 * @param stallTimeout    a worker with a request on the wire that sends nothing at all for this long gets a health
 *                        check ({@code health_timeout}); if that fails too it is stalled: ejected, its requests
 *                        retried elsewhere (before their first chunk) or failed (key {@code stall_timeout}, default
 *                        500 ms, so a frozen worker's utterances end about a second after it stopped)
 */
public record SelectionConfig(double ewmaAlpha, Duration initialLatency, int ejectAfterErrors, Duration healthInterval,
    Duration healthTimeout, Duration probeBackoff, Duration maxProbeBackoff,
    Duration stallTimeout)
{

    /** The defaults. */
    public static final SelectionConfig DEFAULTS = builder().build();

    /** Validates every setting. */
    public SelectionConfig
    {
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1))
        {
            throw new IllegalArgumentException("ewma_alpha must be in (0, 1], got " + ewmaAlpha);
        }
        if (ejectAfterErrors < 1)
        {
            throw new IllegalArgumentException("eject_after_errors must be >= 1, got " + ejectAfterErrors);
        }
        for (final Duration d : new Duration[]{initialLatency, healthInterval, healthTimeout, probeBackoff,
            maxProbeBackoff,
            stallTimeout})
        {
            if (d.isNegative() || d.isZero())
            {
                throw new IllegalArgumentException("selection durations must be > 0, got " + d);
            }
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Builder of {@link SelectionConfig}. */
    public static final class Builder
    {
        private double ewmaAlpha = 0.2;
        private Duration initialLatency = Duration.ofMillis(20);
        private int ejectAfterErrors = 3;
        private Duration healthInterval = Duration.ofSeconds(1);
        private Duration healthTimeout = Duration.ofMillis(500);
        private Duration probeBackoff = Duration.ofMillis(100);
        private Duration maxProbeBackoff = Duration.ofMillis(250);
        private Duration stallTimeout = Duration.ofMillis(500);

        private Builder()
        {
        }

        /** Sets {@code ewma_alpha}. */
        public Builder ewmaAlpha(final double v)
        {
            this.ewmaAlpha = v;
            return this;
        }

        /** Sets {@code initial_latency}. */
        public Builder initialLatency(final Duration v)
        {
            this.initialLatency = v;
            return this;
        }

        /** Sets {@code eject_after_errors}. */
        public Builder ejectAfterErrors(final int v)
        {
            this.ejectAfterErrors = v;
            return this;
        }

        /** Sets {@code health_interval}. */
        public Builder healthInterval(final Duration v)
        {
            this.healthInterval = v;
            return this;
        }

        /** Sets {@code health_timeout}. */
        public Builder healthTimeout(final Duration v)
        {
            this.healthTimeout = v;
            return this;
        }

        /** Sets {@code probe_backoff}. */
        public Builder probeBackoff(final Duration v)
        {
            this.probeBackoff = v;
            return this;
        }

        /** Sets {@code max_probe_backoff}. */
        public Builder maxProbeBackoff(final Duration v)
        {
            this.maxProbeBackoff = v;
            return this;
        }

        /** Sets {@code stall_timeout}. */
        public Builder stallTimeout(final Duration v)
        {
            this.stallTimeout = v;
            return this;
        }

        /** The validated configuration. */
        public SelectionConfig build()
        {
            return new SelectionConfig(ewmaAlpha, initialLatency, ejectAfterErrors, healthInterval, healthTimeout,
                probeBackoff, maxProbeBackoff, stallTimeout);
        }
    }
}
