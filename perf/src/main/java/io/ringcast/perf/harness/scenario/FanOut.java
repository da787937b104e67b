package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish/subscribe fan-out: one publisher sends IMPORTANT {@code publish}es open loop at a rate, each
 * carrying its index {@code k}; every subscriber records publish → {@code message} from the intended and
 * actual send times of {@code k}. Deliveries/s = messages received by all subscribers per second.
 */
final class FanOut
{
    private static final int SLOTS = 1 << 17;
    private static final String TOPIC = "bench.fanout";

    private FanOut()
    {
    }

    static void run(final ScenarioContext ctx, final Connector c, final int rate, final int subscribers,
        final Duration length,
        final Targets targets)
    {
        final SeriesRecorder series =
            ctx.series("throughput-fanout", "publish sent -> message received, 1 publisher to " + subscribers +
                " subscribers at " + rate + " publishes/s");
        final AtomicLongArray intended = new AtomicLongArray(SLOTS);
        final AtomicLongArray sentAt = new AtomicLongArray(SLOTS);
        final LongAdder delivered = new LongAdder();
        final LongAdder inWindow = new LongAdder();
        final long[] end = {Long.MAX_VALUE};
        final ClientHandler sub = new ClientHandler()
        {
            @Override
            public void onMessage(final JsonNode m, final long arrivedNanos)
            {
                if ("message".equals(m.path("type").asText()))
                {
                    final int slot = (int)(m.path("data").path("k").asLong() & (SLOTS - 1));
                    series.record(intended.get(slot), sentAt.get(slot), arrivedNanos);
                    delivered.increment();
                    if (arrivedNanos < end[0])
                    {
                        inWindow.increment();
                    }
                }
            }
        };
        final List<BenchClient> subs = c.connectAll(subscribers, i -> sub);
        subs.forEach(s -> s.send(Requests.subscribe(TOPIC)));
        final BenchClient publisher = c.connect(ClientHandler.NONE);
        ctx.sessions().addAndGet(subs.size() + (publisher == null ? 0 : 1));
        Await.sleep(200); // subscriptions take effect before the first publish
        final OpenLoop loop = new OpenLoop();
        final long start = System.nanoTime() + 20_000_000L;
        end[0] = start + length.toNanos();
        final long sent = publisher == null ? 0 : loop.run(start, 1e9 / rate, end[0], () -> false, (k, t) ->
        {
            final int slot = (int)(k & (SLOTS - 1));
            intended.set(slot, t);
            sentAt.set(slot, System.nanoTime());
            publisher.send(Requests.publish(TOPIC, "{\"k\":" + k + "}", "important"));
        });
        Await.until(() -> delivered.sum() >= sent * subs.size(), 3_000);
        subs.forEach(BenchClient::close);
        if (publisher != null)
        {
            publisher.close();
        }
        ctx.sessions().addAndGet(-(subs.size() + (publisher == null ? 0 : 1)));
        ctx.senderLag(loop);
        ctx.sample();
        final double perSecond = inWindow.sum() / (length.toNanos() / 1e9);
        ctx.metric(
            Metric.slo("throughput", "pub/sub fan-out deliveries (" + subs.size() + " subscribers)", perSecond, "msg/s",
                Metric.Rule.ABOVE, targets.minMessagesPerSec()));
        ctx.metric(
            Metric.info("throughput", "fan-out p99 publish -> message", Percentiles.ms(series.corrected(), 99), "ms"));
        ctx.metric(Metric.info("throughput", "fan-out messages lost", sent * subs.size() - delivered.sum(), "count"));
    }
}
