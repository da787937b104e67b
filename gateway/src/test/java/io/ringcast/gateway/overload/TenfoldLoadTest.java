package io.ringcast.gateway.overload;

import io.ringcast.gateway.fault.ChildProcesses;
import io.ringcast.testsupport.Await;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon (a child process, 512 MB heap) under 10x its sustainable offered load: BULK publishes fanned out
 * to 8 subscribers, measured first by stepping the rate up; then 10x that for 3 s, with CRITICAL publishes
 * and a ping probe alongside. It stays up, /healthz answers, the heap stays under 384 MB, every CRITICAL
 * message reaches every subscriber unless that subscriber was closed with 1008, BULK shedding is counted, and
 * the probe's latency recovers after the burst.
 */
@Tag("integration")
class TenfoldLoadTest
{
    private static final int SUBSCRIBERS = 8;
    private static final long HEAP_BOUND = 384L << 20;
    private static final int[] STEPS = {500, 1_000, 2_000, 4_000, 8_000, 16_000};
    private static final int BURST_PUBLISHERS = 4;
    private static final String PAD = "b".repeat(1_000);

    private final ChildProcesses children = new ChildProcesses();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<RawWebSocket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception
    {
        subscribers.forEach(Subscriber::halt);
        for (final RawWebSocket ws : sockets)
        {
            ws.close();
        }
        children.close();
    }

    @Test
    void shouldStayResponsiveBoundedAndLoseNoCriticalMessageUnderTenTimesTheSustainableLoad() throws Exception
    {
        final int port = ChildProcesses.freePort();
        children.daemon(port, "--worker-cost-model", "none", "--messages-per-second", "1000000", "--max-connections",
            "1000");
        for (int i = 0; i < SUBSCRIBERS; i++)
        {
            final Subscriber s = new Subscriber(open(port));
            s.ws.sendText("{\"type\":\"subscribe\",\"topics\":[\"bulk\",\"crit\"]}");
            s.start();
            subscribers.add(s);
        }
        final RawWebSocket bulk = open(port);
        final List<RawWebSocket> burstPublishers = new ArrayList<>();
        for (int i = 0; i < BURST_PUBLISHERS; i++)
        {
            burstPublishers.add(open(port));
        }
        final RawWebSocket critical = open(port);
        final RawWebSocket probe = open(port);
        Thread.sleep(200); // subscriptions are CONTROL, long done

        // 1. Sustainable offered load: the highest step delivered completely to every subscriber with p99 < 50 ms.
        publish(bulk, "bulk", 1_000, 1_500, null); // warm-up (JIT), not measured
        Thread.sleep(500); // the warm-up drains before measuring
        int sustainable = 0;
        for (final int rate : STEPS)
        {
            // A step may be retried once: a GC pause or another build on the 2 shared cores should not end the search.
            if (!sustains(bulk, rate) && !sustains(bulk, rate))
            {
                break;
            }
            sustainable = rate;
        }
        assertTrue(sustainable > 0,
            "the daemon sustains at least " + STEPS[0] + " publishes/s to " + SUBSCRIBERS + " subscribers");

        // 2. Ten times that for 3 s, with CRITICAL publishes at 100/s and health, heap and latency probes alongside.
        final Probes probes = new Probes(port, probe);
        probes.start();
        Thread.sleep(1_000); // probe baseline
        final AtomicLong criticalSent = new AtomicLong();
        final Thread criticalPublisher = new Thread(() ->
        {
            try
            {
                publish(critical, "crit", 100, 3_000, criticalSent);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        });
        criticalPublisher.start();
        final long burstStart = System.nanoTime();
        final AtomicLong offeredCount = new AtomicLong();
        final List<Thread> burst = new ArrayList<>();
        for (final RawWebSocket p : burstPublishers)
        {
            final int share = 10 * sustainable / BURST_PUBLISHERS;
            final Thread t = new Thread(() ->
            {
                try
                {
                    publish(p, "bulk", share, 3_000, offeredCount);
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            burst.add(t);
        }
        for (final Thread t : burst)
        {
            t.join(30_000);
        }
        final long offered = offeredCount.get();
        final double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        criticalPublisher.join(30_000);
        final long burstEnd = System.nanoTime();

        // 3. After the burst: CRITICAL accounted for, latency recovered.
        final long sent = criticalSent.get();
        final long refusedCritical = countErrors(critical);
        final long accepted = sent - refusedCritical;
        Await.until(() -> subscribers.stream().allMatch(s -> s.closeCode != 0 || s.critical.get() >= accepted),
            Duration.ofSeconds(20));
        final long recoveredMs = probes.recoveredAfter(burstEnd, 10_000);
        probes.halt();
        int complete = 0;
        int closed1008 = 0;
        for (final Subscriber s : subscribers)
        {
            assertTrue(s.inOrder, "CRITICAL messages arrive in order");
            if (s.closeCode == 1008)
            {
                closed1008++;
            }
            else if (s.critical.get() == accepted)
            {
                complete++;
            }
        }
        final String metrics = get(port, "/metrics").body();
        final long droppedBulk = metric(metrics, "ringcast_messages_dropped_total{priority=\"bulk\"}");
        final long gaps = subscribers.stream().mapToLong(s -> s.bulkGaps).sum();
        System.out.printf(
            "[overload] sustainable %d publishes/s x %d subscribers (%d deliveries/s); 10x = %d/s targeted, %.0f/s " +
                "offered for %.1f s " +
                "(%d publishes): healthz max %d ms (%d checks, all 200: %b), heap max %d MB (bound %d MB of 512), " +
                "CRITICAL %d sent, " +
                "%d refused, %d subscribers got all, %d closed 1008; BULK dropped %d (metric), %d seq gaps seen; " +
                "probe latency " +
                "recovered %d ms after the burst (p50 before %.2f ms, max during %.1f ms)%n",
            sustainable, SUBSCRIBERS, sustainable * SUBSCRIBERS, 10 * sustainable, offered / burstSeconds, burstSeconds,
            offered, probes.healthMaxMs,
            probes.healthChecks, probes.healthAllOk, probes.heapMax >> 20, HEAP_BOUND >> 20, sent, refusedCritical,
            complete, closed1008,
            droppedBulk, gaps, recoveredMs, probes.baselineP50Ms(), probes.maxRttMs());

        assertTrue(probes.healthChecks > 10 && probes.healthAllOk, "/healthz answered 200 throughout");
        assertTrue(probes.healthMaxMs < 2_000, "/healthz took up to " + probes.healthMaxMs + " ms");
        assertTrue(probes.heapMax > 0 && probes.heapMax < HEAP_BOUND, "heap up to " + (probes.heapMax >> 20) + " MB");
        assertEquals(SUBSCRIBERS, complete + closed1008,
            "every subscriber got every CRITICAL message or was closed with 1008");
        assertTrue(droppedBulk > 0 || gaps == 0, "BULK shed is counted");
        assertTrue(gaps <= droppedBulk, "every seq gap is a counted drop: gaps " + gaps + ", counted " + droppedBulk);
        assertTrue(recoveredMs >= 0 && recoveredMs < 5_000,
            "probe latency recovered " + recoveredMs + " ms after the burst");
        assertEquals(200, get(port, "/healthz").statusCode());
    }

    /** Offers {@code rate} publishes/s for 1 s; true if every subscriber got all of them with p99 under 50 ms. */
    private boolean sustains(final RawWebSocket bulk, final int rate) throws Exception
    {
        final long before = delivered();
        Subscriber.latency.reset();
        publish(bulk, "bulk", rate, 1_000, null);
        final long expected = before + (long)rate * SUBSCRIBERS;
        Await.until(() -> delivered() >= expected, Duration.ofSeconds(2));
        final double p99 = Subscriber.latency.p99Millis();
        final boolean ok = delivered() == expected && p99 < 50;
        System.out.printf("[overload] step %d msg/s x %d subscribers: delivered %d of %d, p99 %.1f ms%s%n", rate,
            SUBSCRIBERS,
            delivered() - before, expected - before, p99, ok ? "" : " (not sustained)");
        Thread.sleep(200); // a pause between load steps
        return ok;
    }

    private RawWebSocket open(final int port) throws IOException
    {
        final RawWebSocket ws = RawWebSocket.open(port, 10_000);
        sockets.add(ws);
        assertEquals(101, ws.status);
        ws.readText(); // ready
        return ws;
    }

    private long delivered()
    {
        return subscribers.stream().mapToLong(s -> s.bulk.get()).sum();
    }

    /** Open loop: {@code rate} publishes per second for {@code millis}, in 1 ms slices; returns the count sent. */
    private static long publish(final RawWebSocket ws, final String topic, final int rate, final long millis,
        final AtomicLong count)
        throws Exception
    {
        final long start = System.nanoTime();
        final long total = rate * millis / 1_000;
        long sent = 0;
        while (sent < total)
        {
            final long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            for (; sent < due && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(millis); sent++)
            {
                ws.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"priority\":\"" +
                    ("crit".equals(topic) ? "critical" : "bulk") +
                    "\",\"data\":{\"n\":" + (sent + 1) + ",\"t\":" + System.nanoTime() + ",\"pad\":\"" +
                    ("crit".equals(topic) ? "" : PAD) + "\"}}");
                if (count != null)
                {
                    count.incrementAndGet();
                }
            }
            if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(millis))
            {
                // behind schedule at the deadline (the gateway reads slower than offered): the count says what was
                // offered
                break;
            }
            Thread.sleep(0, 500_000); // the offered rate
        }
        return sent;
    }

    /** Errors answered to a publisher (a refused publish has no id, so they are counted). */
    private static long countErrors(final RawWebSocket ws) throws IOException
    {
        ws.timeout(500);
        long errors = 0;
        for (String t = ws.readText(); t != null; t = ws.readText())
        {
            if (t.contains("\"type\":\"error\""))
            {
                errors++;
            }
        }
        return errors;
    }

    private static HttpResponse<String> get(final int port, final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long metric(final String metrics, final String series)
    {
        for (final String line : metrics.split("\n"))
        {
            if (line.startsWith(series + " "))
            {
                return (long)Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    private static long field(final String text, final String name)
    {
        final int i = text.indexOf("\"" + name + "\":");
        if (i < 0)
        {
            return -1;
        }
        int j = i + name.length() + 3;
        long v = 0;
        while (j < text.length() && Character.isDigit(text.charAt(j)))
        {
            v = v * 10 + text.charAt(j++) - '0';
        }
        return v;
    }

    /** Shared latency of BULK deliveries in the current step. */
    private static final class StepLatency
    {
        private final Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);

        synchronized void record(final long nanos)
        {
            h.recordValue(Math.max(0, Math.min(nanos, TimeUnit.SECONDS.toNanos(60))));
        }

        synchronized void reset()
        {
            h.reset();
        }

        synchronized double p99Millis()
        {
            return h.getValueAtPercentile(99) / 1e6;
        }
    }

    /** A subscriber reading on its own thread: counts BULK (and its seq gaps) and checks CRITICAL order. */
    private static final class Subscriber extends Thread
    {
        static final StepLatency latency = new StepLatency();
        final RawWebSocket ws;
        final AtomicLong bulk = new AtomicLong();
        final AtomicLong critical = new AtomicLong();
        volatile boolean inOrder = true;
        volatile long bulkGaps;
        volatile int closeCode;
        private volatile boolean running = true;
        private long lastBulkSeq;

        Subscriber(final RawWebSocket ws)
        {
            this.ws = ws;
            setDaemon(true);
        }

        void halt()
        {
            running = false;
        }

        @Override
        public void run()
        {
            try
            {
                ws.timeout(100);
                while (running)
                {
                    final RawWebSocket.Frame f = ws.read();
                    if (f == null)
                    {
                        continue;
                    }
                    if (f.opcode() == 8 || f.opcode() == -1)
                    {
                        closeCode = f.opcode() == 8 ? f.closeCode() : 1006;
                        return;
                    }
                    final String t = f.text();
                    if (!t.startsWith("{\"type\":\"message\""))
                    {
                        continue;
                    }
                    if (t.contains("\"topic\":\"crit\""))
                    {
                        if (field(t, "n") != critical.get() + 1)
                        {
                            inOrder = false;
                        }
                        critical.incrementAndGet();
                    }
                    else
                    {
                        final long seq = field(t, "seq");
                        if (lastBulkSeq > 0 && seq > lastBulkSeq + 1)
                        {
                            bulkGaps += seq - lastBulkSeq - 1;
                        }
                        lastBulkSeq = seq;
                        bulk.incrementAndGet();
                        latency.record(System.nanoTime() - field(t, "t"));
                    }
                }
            }
            catch (final IOException e)
            {
                closeCode = closeCode == 0 ? 1006 : closeCode;
            }
        }
    }

    /** /healthz every 100 ms, the daemon's heap every 250 ms (from /metrics), and a ping every 20 ms. */
    private static final class Probes extends Thread
    {
        volatile long healthMaxMs;
        volatile int healthChecks;
        volatile boolean healthAllOk = true;
        volatile long heapMax;
        private final int port;
        private final RawWebSocket ping;
        private final List<long[]> rtts = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final long startedAt = System.nanoTime();

        Probes(final int port, final RawWebSocket ping)
        {
            this.port = port;
            this.ping = ping;
            setDaemon(true);
        }

        void halt() throws InterruptedException
        {
            running.set(false);
            join(10_000);
        }

        @Override
        public void run()
        {
            final Thread health = new Thread(() ->
            {
                long n = 0;
                while (running.get())
                {
                    try
                    {
                        final long t0 = System.nanoTime();
                        final HttpResponse<String> r = get(port, "/healthz");
                        healthMaxMs = Math.max(healthMaxMs, (System.nanoTime() - t0) / 1_000_000);
                        healthAllOk &= r.statusCode() == 200;
                        healthChecks++;
                        if (n++ % 3 == 0)
                        {
                            heapMax =
                                Math.max(heapMax, metric(get(port, "/metrics").body(), "ringcast_jvm_heap_used_bytes"));
                        }
                        Thread.sleep(100); // probe interval
                    }
                    catch (final Exception e)
                    {
                        healthAllOk = false;
                    }
                }
            });
            health.setDaemon(true);
            health.start();
            try
            {
                ping.timeout(10_000);
                long t = 0;
                while (running.get())
                {
                    final long t0 = System.nanoTime();
                    ping.sendText("{\"type\":\"ping\",\"t\":" + ++t + "}");
                    for (String s = ping.readText(); s != null && !s.contains("\"pong\""); s = ping.readText())
                    {
                        // skip anything else
                    }
                    final long rtt = System.nanoTime() - t0;
                    synchronized (rtts)
                    {
                        rtts.add(new long[]{t0, rtt});
                    }
                    Thread.sleep(20); // probe interval
                }
                health.join(10_000);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }

        double baselineP50Ms()
        {
            synchronized (rtts)
            {
                return rtts.stream().filter(r -> r[0] - startedAt < TimeUnit.MILLISECONDS.toNanos(900))
                    .mapToLong(r -> r[1]).sorted()
                    .skip(Math.max(0,
                        rtts.stream().filter(r -> r[0] - startedAt < TimeUnit.MILLISECONDS.toNanos(900)).count() / 2))
                    .findFirst().orElse(0) / 1e6;
            }
        }

        double maxRttMs()
        {
            synchronized (rtts)
            {
                return rtts.stream().mapToLong(r -> r[1]).max().orElse(0) / 1e6;
            }
        }

        /**
         * @return ms after {@code burstEnd} from which every ping RTT stayed under max(5 x baseline p50, 20 ms) for 1
         * s,
         *         waiting up to {@code millis}; -1 if it never did.
         */
        long recoveredAfter(final long burstEnd, final long millis) throws InterruptedException
        {
            final long bound = Math.max((long)(5 * baselineP50Ms() * 1e6), TimeUnit.MILLISECONDS.toNanos(20));
            final long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end)
            {
                synchronized (rtts)
                {
                    long lastBad = burstEnd;
                    long lastSeen = 0;
                    for (final long[] r : rtts)
                    {
                        if (r[0] >= burstEnd && r[1] > bound)
                        {
                            lastBad = r[0] + r[1];
                        }
                        lastSeen = Math.max(lastSeen, r[0]);
                    }
                    if (lastSeen - lastBad >= TimeUnit.SECONDS.toNanos(1))
                    {
                        return TimeUnit.NANOSECONDS.toMillis(lastBad - burstEnd);
                    }
                }
                Thread.sleep(50); // probe interval
            }
            return -1;
        }
    }
}
