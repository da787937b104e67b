package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import org.HdrHistogram.Histogram;

/**
 * {@code distribution}: the full percentile spectrum (p10 ... p99.99, max) of the ping → pong round trip at
 * a moderate open-loop rate (1,000 msg/s; 500 with --quick) spread under the per-connection limit.
 */
public final class DistributionScenario implements Scenario
{
    private static final double[] LEVELS = {10, 25, 50, 75, 90, 95, 99, 99.9, 99.99};

    @Override
    public String name()
    {
        return "distribution";
    }

    @Override
    public String description()
    {
        return "full latency percentile spectrum (p10 ... p99.99, max) of ping -> pong at a moderate open-loop rate";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final int rate = ctx.settings().quick() ? 500 : 1_000;
        final int connections = (int)Math.ceil(rate / (0.9 * ctx.settings().connectionRate()));
        final SeriesRecorder s = ctx.series("distribution", "ping sent -> pong received at " + rate + " msg/s");
        final PingLoad.Result r = PingLoad.run(ctx, ctx.connector(), s, connections, rate, ctx.settings().duration());
        ctx.sample();
        final Histogram h = s.corrected();
        ctx.metric(Metric.info(name(), "round trips", h.getTotalCount(), "count"));
        for (final double p : LEVELS)
        {
            ctx.metric(Metric.info(name(), "p" + Metric.format(p), Percentiles.ms(h, p), "ms"));
        }
        ctx.metric(Metric.info(name(), "max", Percentiles.maxMs(h), "ms"));
        ctx.metric(Metric.info(name(), "p99 raw", Percentiles.ms(s.raw(), 99), "ms"));
        ctx.metric(
            Metric.slo(name(), "pings unanswered", r.sent() - r.pongs() - r.errors(), "count", Metric.Rule.EQUALS, 0));
        ctx.note(connections + " connection(s) at " + rate + " msg/s in total, under the server's " +
            ctx.settings().connectionRate() + " msg/s per connection.");
    }
}
