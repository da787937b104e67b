package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.ServerMetrics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code priority}: three connections flood a topic with 15 KB BULK publishes while a third sends CRITICAL
 * publishes (20/s) to the same topic; the one subscriber reads in bursts (stalls 3 s, reads 0.5 s: under the
 * server's 5 s send timeout), so more arrives than the socket buffers and its 4 MiB outbound queue hold. CRITICAL must
 * be 100% delivered; BULK is shed, and the shedding must be visible
 * (seq gaps at the subscriber, drops in the server's metrics). CRITICAL latency is measured from the
 * intended send time.
 */
public final class PriorityScenario implements Scenario
{
    private static final String TOPIC = "bench.priority";
    private static final int CRITICAL_RATE = 20;
    private static final int SLOTS = 1 << 12;

    @Override
    public String name()
    {
        return "priority";
    }

    @Override
    public String description()
    {
        return "flood BULK while sending CRITICAL: CRITICAL 100% delivered, BULK shed and counted";
    }

    @Override
    public void run(final ScenarioContext ctx) throws Exception
    {
        final BenchSettings s = ctx.settings();
        final SeriesRecorder critical =
            ctx.series("priority", "CRITICAL publish sent -> message received under a BULK flood");
        final AtomicLongArray intended = new AtomicLongArray(SLOTS);
        final AtomicLongArray sentAt = new AtomicLongArray(SLOTS);
        final LongAdder criticalIn = new LongAdder();
        final LongAdder bulkIn = new LongAdder();
        // CRITICAL overtakes queued BULK, so seqs arrive out of order: missing = span - distinct seen.
        final BitSet seen = new BitSet();
        final long[] span = {Long.MAX_VALUE, -1};
        final ClientHandler sub = new ClientHandler()
        {
            @Override
            public void onMessage(final JsonNode m, final long arrivedNanos)
            {
                if (!"message".equals(m.path("type").asText()))
                {
                    return;
                }
                final int seq = (int)m.path("seq").asLong();
                seen.set(seq);
                span[0] = Math.min(span[0], seq);
                span[1] = Math.max(span[1], seq);
                final JsonNode c = m.path("data").path("c");
                if (c.isNumber())
                {
                    final int slot = (int)(c.asLong() & (SLOTS - 1));
                    critical.record(intended.get(slot), sentAt.get(slot), arrivedNanos);
                    criticalIn.increment();
                }
                else
                {
                    bulkIn.increment();
                }
            }
        };
        final BenchClient subscriber = ctx.connector().connect(sub);
        if (subscriber == null)
        {
            throw new IllegalStateException("the subscriber could not connect");
        }
        subscriber.send(Requests.subscribe(TOPIC));
        final List<BenchClient> flooders = ctx.connector().connectAll(3, i -> ClientHandler.NONE);
        final BenchClient sender = ctx.connector().connect(ClientHandler.NONE);
        ctx.sessions().addAndGet(flooders.size() + 2);
        Await.sleep(200);
        final ServerMetrics before = ctx.target().metrics();
        final String bulkData = "{\"pad\":\"" + "y".repeat(15_000) + "\"}";
        final long start = System.nanoTime() + 20_000_000L;
        final long end = start + s.duration().toNanos();
        final double floodRate = 0.9 * s.connectionRate();
        final LongAdder bulkSent = new LongAdder();
        final List<Thread> threads = new ArrayList<>();
        for (final BenchClient f : flooders)
        {
            threads.add(new Thread(() -> new OpenLoop().run(start, 1e9 / floodRate, end, () -> false, (i, t) ->
            {
                if (f.send(Requests.publish(TOPIC, bulkData, "bulk")))
                {
                    bulkSent.increment();
                }
            }), "bench-bulk"));
        }
        final Thread reader = new Thread(() -> burstReading(subscriber, end), "bench-burst-reader");
        threads.add(reader);
        threads.forEach(Thread::start);
        final OpenLoop loop = new OpenLoop();
        final long criticalSent = sender == null ? 0 : loop.run(start, 1e9 / CRITICAL_RATE, end, () -> false, (k, t) ->
        {
            final int slot = (int)(k & (SLOTS - 1));
            intended.set(slot, t);
            sentAt.set(slot, System.nanoTime());
            sender.send(Requests.publish(TOPIC, "{\"c\":" + k + "}", "critical"));
        });
        for (final Thread t : threads)
        {
            t.join(s.duration().toMillis() + 10_000);
        }
        subscriber.resumeReading();
        Await.until(() -> criticalIn.sum() >= criticalSent, 10_000);
        final ServerMetrics after = ctx.target().metrics();
        final boolean evicted = subscriber.closed().isDone();
        subscriber.close();
        flooders.forEach(BenchClient::close);
        if (sender != null)
        {
            sender.close();
        }
        ctx.sessions().addAndGet(-(flooders.size() + 2));
        ctx.senderLag(loop);
        ctx.sample();
        ctx.metric(Metric.info(name(), "CRITICAL sent", criticalSent, "count"));
        ctx.metric(Metric.slo(name(), "CRITICAL delivered",
            criticalSent == 0 ? 0 : 100.0 * criticalIn.sum() / criticalSent, "%",
            Metric.Rule.EQUALS, 100));
        ctx.metric(Metric.info(name(), "CRITICAL p99 under flood", Percentiles.ms(critical.corrected(), 99), "ms"));
        ctx.metric(Metric.info(name(), "BULK sent", bulkSent.sum(), "count"));
        ctx.metric(Metric.info(name(), "BULK received", bulkIn.sum(), "count"));
        ctx.metric(Metric.info(name(), "BULK shed (sent - received)", bulkSent.sum() - bulkIn.sum(), "count"));
        final long missing = span[1] < 0 ? 0 : span[1] - span[0] + 1 - seen.cardinality();
        ctx.metric(Metric.info(name(), "seqs missing at the subscriber (gaps)", missing, "count"));
        final double dropped =
            before == null || after == null ? Double.NaN : before.delta(after, "ringcast_messages_dropped", "bulk");
        ctx.metric(Metric.info(name(), "BULK dropped per server metrics", dropped, "count"));
        final long shed = bulkSent.sum() - bulkIn.sum();
        final boolean visible = shed == 0 || missing > 0 || dropped > 0;
        ctx.metric(
            Metric.slo(name(), "BULK shed without a trace (no seq gap, no server count)", visible ? 0 : shed, "count",
                Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.slo(name(), "subscriber evicted", evicted ? 1 : 0, "count", Metric.Rule.EQUALS, 0));
        ctx.note(
            "the subscriber stops reading 3 s of every 3.5 s, so CRITICAL latency includes up to 3 s of the client's " +
                "own stall.");
        if (!ctx.target().hasRingcastMetrics())
        {
            ctx.note(
                "the server has no ringcast /metrics: BULK drops are counted by the client only (sent - received, " +
                    "seq gaps).");
        }
        ctx.note(
            "BULK shedding is counted three ways: sent minus received, seq gaps at the subscriber, and the server's " +
                "ringcast_messages_dropped{priority=bulk}.");
    }

    private static void burstReading(final BenchClient subscriber, final long end)
    {
        while (System.nanoTime() < end)
        {
            subscriber.stall();
            Await.sleep(3_000);
            subscriber.resumeReading();
            Await.sleep(500);
        }
    }
}
