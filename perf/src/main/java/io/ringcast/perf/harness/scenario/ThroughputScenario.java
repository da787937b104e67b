package io.ringcast.perf.harness.scenario;

import io.ringcast.bridge.worker.CostModel;
import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.GatewayTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code throughput}: sustained ping/pong msg/s at {@code --rate} (open loop), publish/subscribe fan-out
 * deliveries/s, and a rate sweep up to {@code --rate} that finds the knee where p99 breaks. The server
 * limits each connection to {@code --connection-rate} msg/s; against a URL the load is spread over enough
 * connections to stay under it, while the embedded run starts its own gateway with the limit lifted
 * (100,000,000 msg/s) and uses 16 connections, as the 2 cores cannot carry hundreds of sockets' overhead.
 */
public final class ThroughputScenario implements Scenario
{
    private static final int LIFTED_LIMIT = 100_000_000;
    private static final int EMBEDDED_CONNECTIONS = 16;

    @Override
    public String name()
    {
        return "throughput";
    }

    @Override
    public String description()
    {
        return "ping/pong msg/s, publish/subscribe fan-out msg/s, open-loop rate sweep to the p99 knee";
    }

    @Override
    public void run(final ScenarioContext ctx) throws Exception
    {
        final BenchSettings s = ctx.settings();
        final boolean own = ctx.target().embedded();
        try (GatewayTarget target = own ? GatewayTarget.embedded(CostModel.NONE, LIFTED_LIMIT, "none") : null;
            Connector connector = own ? new Connector(target.wsUrl(), 2) : null)
        {
            final Connector c = own ? connector : ctx.connector();
            final int limit = own ? LIFTED_LIMIT : s.connectionRate();
            if (own)
            {
                ctx.note(
                    "embedded: a second gateway was started for this scenario with the per-connection limit lifted " +
                        "to " +
                        LIFTED_LIMIT + " msg/s (a default deployment allows " + s.connectionRate() + "); " +
                        EMBEDDED_CONNECTIONS + " connections carry the load.");
            }
            ping(ctx, c, connectionsFor(s.rate(), limit, own), s.rate(), s.duration());
            FanOut.run(ctx, c, own ? 2_000 : (int)(0.9 * limit), s.quick() ? 5 : 10, s.duration(), s.targets());
            sweep(ctx, c, limit, own);
        }
    }

    private static int connectionsFor(final int rate, final int limit, final boolean own)
    {
        return own ? EMBEDDED_CONNECTIONS : Math.min(2_000, (int)Math.ceil(rate / (0.9 * limit)));
    }

    private void ping(final ScenarioContext ctx, final Connector c, final int connections, final int rate,
        final Duration d)
    {
        final SeriesRecorder series =
            ctx.series("throughput", "ping sent -> pong received at " + rate + " msg/s intended");
        final PingLoad.Result r = PingLoad.run(ctx, c, series, connections, rate, d);
        ctx.sample();
        final Targets t = ctx.settings().targets();
        ctx.metric(Metric.info(name(), "ping intended rate (" + r.connections() + " connections)", rate, "msg/s"));
        ctx.metric(
            Metric.slo(name(), "ping/pong sustained", r.achieved(), "msg/s", Metric.Rule.ABOVE, t.minMessagesPerSec()));
        if (t.gatewayTargets() && rate >= t.pingPerSec())
        {
            ctx.metric(
                t.gateway(name(), "ping/pong sustained (gateway target)", r.achieved(), "msg/s", Metric.Rule.AT_LEAST,
                    t.pingPerSec()));
        }
        else if (t.gatewayTargets())
        {
            ctx.note("the ping/pong target of " + Metric.format(t.pingPerSec()) +
                " msg/s is judged only when --rate reaches it (was " + rate + ").");
        }
        ctx.metric(Metric.info(name(), "ping p99 at that rate", Percentiles.ms(series.corrected(), 99), "ms"));
        ctx.metric(Metric.info(name(), "ping p99 raw at that rate", Percentiles.ms(series.raw(), 99), "ms"));
        ctx.metric(Metric.info(name(), "ping errors (rate_limited, overloaded)", r.errors(), "count"));
        ctx.metric(Metric.info(name(), "ping connections closed by the server", r.closed(), "count"));
        if (r.closed() > 0)
        {
            ctx.note("at " + rate + " msg/s the server closed " + r.closed() + " of " + r.connections() +
                " connections: " + r.reasons());
        }
    }

    private void sweep(final ScenarioContext ctx, final Connector c, final int limit, final boolean own)
    {
        final BenchSettings s = ctx.settings();
        final int[] divisors = s.quick() ? new int[]{4, 2, 1} : new int[]{32, 16, 8, 4, 2, 1};
        final Duration step = Duration.ofMillis(Math.max(1_000, s.duration().toMillis() / (s.quick() ? 2 : 4)));
        final List<String> table = new ArrayList<>();
        double firstP99 = Double.NaN;
        int knee = 0;
        boolean broken = false;
        for (final int div : divisors)
        {
            final int rate = Math.max(10, s.rate() / div);
            final SeriesRecorder series =
                ctx.series("throughput-sweep-" + rate, "ping round trip in the sweep step at " + rate + " msg/s");
            final PingLoad.Result r = PingLoad.run(ctx, c, series, connectionsFor(rate, limit, own), rate, step);
            ctx.sample();
            final double p99 = Percentiles.ms(series.corrected(), 99);
            firstP99 = Double.isNaN(firstP99) ? p99 : firstP99;
            final boolean holds = r.achieved() >= 0.95 * rate && p99 <= Math.max(10.0, 10 * firstP99);
            if (holds && !broken)
            {
                knee = rate;
            }
            broken |= !holds;
            table.add(rate + " msg/s: achieved " + Metric.format(r.achieved()) + ", p99 " + Metric.format(p99) + " ms" +
                (r.closed() > 0 ? ", " + r.closed() + " connections closed " + r.reasons() : "") +
                (holds ? "" : " (broken)"));
            ctx.metric(Metric.info(name(), "sweep p99 @" + rate + " msg/s (achieved " + Math.round(r.achieved()) + ")",
                p99, "ms"));
        }
        ctx.metric(Metric.info(name(),
            "sweep knee: highest rate with p99 <= max(10 ms, 10x the lowest step's) and >= 95% achieved",
            knee, "msg/s"));
        ctx.note("rate sweep: " + String.join("; ", table));
    }
}
