package io.ringcast.perf.harness.scenario;

import io.ringcast.bridge.worker.CostModel;
import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.GatewayTarget;
import io.ringcast.perf.harness.target.ServerMetrics;

/**
 * {@code cold-start}: the first connection (handshake → {@code ready}) and the first {@code speak} (FAL) of a
 * freshly started daemon, against the same measured warm (after 20 warm-up rounds). Embedded: a new gateway
 * (zero-delay worker) is started for this, and its start time and time to {@code /healthz} 200 are measured
 * too. Against a URL the daemon cannot be restarted: "cold" is this run's first connection.
 */
public final class ColdStartScenario implements Scenario
{
    private static final int WARM_ROUNDS = 20;

    @Override
    public String name()
    {
        return "cold-start";
    }

    @Override
    public String description()
    {
        return "first connection and first speak after daemon start versus warm";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final boolean own = ctx.target().embedded();
        final long t0 = System.nanoTime();
        try (GatewayTarget target =
            own ? GatewayTarget.embedded(CostModel.NONE, ctx.settings().connectionRate(), "none") : null)
        {
            final GatewayTarget t = own ? target : ctx.target();
            if (own)
            {
                ctx.metric(
                    Metric.info(name(), "daemon start (GatewayServer.start)", (System.nanoTime() - t0) / 1e6, "ms"));
                Await.until(() -> ServerMetrics.health(t.httpBase()) == 200, 10_000);
                ctx.metric(Metric.info(name(), "daemon start to /healthz 200", (System.nanoTime() - t0) / 1e6, "ms"));
            }
            else
            {
                ctx.note("against --url the daemon is not restarted: 'cold' is this run's first connection and speak.");
            }
            try (Connector c = new Connector(t.wsUrl(), 1))
            {
                final SeriesRecorder coldConnect = ctx.series("cold-start-connect-cold", "first handshake -> ready");
                final SeriesRecorder coldFal = ctx.series("cold-start-fal-cold", "first speak -> first frame");
                final SeriesRecorder warmConnect = ctx.series("cold-start-connect-warm", "handshake -> ready, warm");
                final SeriesRecorder warmFal = ctx.series("cold-start-fal-warm", "speak -> first frame, warm");
                if (!round(c, coldConnect, coldFal))
                {
                    ctx.metric(
                        Metric.slo(name(), "first connection and speak succeeded", 0, "count", Metric.Rule.EQUALS, 1));
                    return;
                }
                for (int i = 0; i < WARM_ROUNDS; i++)
                {
                    round(c, null, null);
                }
                for (int i = 0; i < WARM_ROUNDS; i++)
                {
                    round(c, warmConnect, warmFal);
                }
                ctx.sample();
                final double cc = Percentiles.maxMs(coldConnect.corrected());
                final double wc = Percentiles.ms(warmConnect.corrected(), 50);
                final double cf = Percentiles.maxMs(coldFal.corrected());
                final double wf = Percentiles.ms(warmFal.corrected(), 50);
                ctx.metric(Metric.info(name(), "first connection (handshake -> ready), cold", cc, "ms"));
                ctx.metric(Metric.info(name(), "connection p50, warm", wc, "ms"));
                ctx.metric(Metric.info(name(), "first speak FAL, cold", cf, "ms"));
                ctx.metric(Metric.info(name(), "speak FAL p50, warm", wf, "ms"));
                ctx.metric(Metric.info(name(), "cold / warm FAL", cf / wf, "x"));
                ctx.metric(
                    Metric.slo(name(), "cold first FAL vs FAL p95 target @1 session", cf, "ms", Metric.Rule.BELOW,
                        ctx.settings().targets().falP95For(1)));
            }
        }
    }

    private static boolean round(final Connector c, final SeriesRecorder connect, final SeriesRecorder fal)
    {
        final SpeechTally tally = new SpeechTally(fal, null, null, null, null, 20, 3, 0);
        final SpeechProbe probe = new SpeechProbe(tally, "w");
        final long t0 = System.nanoTime();
        final var client = c.connect(probe);
        if (client == null)
        {
            return false;
        }
        final long ready = System.nanoTime();
        if (connect != null)
        {
            connect.record(t0, t0, ready);
        }
        probe.attach(client);
        probe.speak(Requests.text(2), System.nanoTime());
        final boolean ok = Await.until(() -> tally.firstFrames.sum() > 0, 10_000);
        client.close();
        return ok;
    }
}
