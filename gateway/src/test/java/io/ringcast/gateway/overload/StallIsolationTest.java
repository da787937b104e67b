package io.ringcast.gateway.overload;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamState;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.testsupport.Await;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 20 % of the clients stop reading while the others speak: the speakers' audio frame lateness stays near the
 * no-stall baseline, and the stalled clients are shed, then evicted.
 */
@Tag("integration")
class StallIsolationTest
{
    private static final int SPEAKERS = 16;
    private static final int STALLERS = 4;
    private static final int FRAME_MS = 20;
    private static final int PREFILL = 3;
    private static final String TEXT = "s".repeat(60); // 3 s of audio, 150 frames

    private final List<TestClient> clients = new ArrayList<>();
    private final List<RawWebSocket> raw = new ArrayList<>();
    private final ExecutorService flood = Executors.newSingleThreadExecutor();
    private final AtomicBoolean flooding = new AtomicBoolean(true);

    @AfterEach
    void tearDown()
    {
        flooding.set(false);
        flood.shutdownNow();
        clients.forEach(TestClient::close);
        for (final RawWebSocket ws : raw)
        {
            try
            {
                ws.close();
            }
            catch (final IOException e)
            {
                // closing anyway
            }
        }
    }

    @Test
    void shouldKeepSpeakersLatenessNearBaselineWhileStalledClientsAreShedThenEvicted() throws Exception
    {
        final EngineConfig engine =
            Gateways.config().engine().toBuilder().slowConsumer(100, 3, 1_500).queueBounds(256, 1 << 20).build();
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().engine(engine)
            .limits(1_000, 65_536, 16_384, 10_000, 64).build()))
        {
            final List<TestClient> speakers = connect(server, SPEAKERS);
            // Stallers read raw frames on their own threads (cheap, so the baseline is not starved of CPU) through a
            // 16 KB receive buffer, so when they stop reading the server backs up within a second or two.
            final List<Staller> stallers = new ArrayList<>();
            for (int i = 0; i < STALLERS; i++)
            {
                final Staller s = new Staller(RawWebSocket.open(server.port(), 10_000, 16_384));
                raw.add(s.ws);
                s.ws.readText();
                s.ws.sendText("{\"type\":\"subscribe\",\"topics\":[\"flood\"]}");
                s.ws.sendText("{\"type\":\"ping\",\"t\":0}");
                for (String t = s.ws.readText(); t != null && !t.contains("pong"); t = s.ws.readText())
                {
                    // until subscribed
                }
                s.start();
                stallers.add(s);
            }
            final TestClient publisher = connect(server, 1).get(0);
            // 8 KB IMPORTANT messages at about 250/s: 2 MB/s to each flood subscriber.
            final String data = "\"" + "f".repeat(8_000) + "\"";
            final Future<?> publishing = flood.submit(() ->
            {
                while (flooding.get())
                {
                    publisher.send(
                        "{\"type\":\"publish\",\"topic\":\"flood\",\"priority\":\"important\",\"data\":" + data + "}");
                    Thread.sleep(4); // the offered rate: ~250/s
                }
                return null;
            });

            speakRound(speakers, "warm");
            final Histogram baseline = speakRound(speakers, "base");

            stallers.forEach(Staller::stall);
            final Histogram stalled = speakRound(speakers, "stall");

            Await.until(() -> server.stats().engine().snapshot().states()[StreamState.EVICTED.ordinal()] >= STALLERS,
                Duration.ofSeconds(20));
            flooding.set(false);
            publishing.get(10, TimeUnit.SECONDS);
            final long evicted = server.stats().engine().snapshot().states()[StreamState.EVICTED.ordinal()];
            final long shed = server.stats().engine().snapshot().dropped()[Priority.IMPORTANT.ordinal()];
            final double base99 = baseline.getValueAtPercentile(99) / 1e6;
            final double stall99 = stalled.getValueAtPercentile(99) / 1e6;
            System.out.printf(
                "[overload] 20%% stalled: speakers' frame lateness p99 %.2f ms with stalls vs %.2f ms baseline " +
                    "(ratio %.2f; p50 %.2f vs %.2f ms, max %.1f vs %.1f ms); %d IMPORTANT messages shed, %d of %d " +
                    "stalled clients evicted%n",
                stall99, base99, stall99 / Math.max(base99, 0.001), stalled.getValueAtPercentile(50) / 1e6,
                baseline.getValueAtPercentile(50) / 1e6, stalled.getMaxValue() / 1e6, baseline.getMaxValue() / 1e6,
                shed, evicted,
                STALLERS);
            assertEquals(STALLERS, evicted, "every stalled client is evicted");
            assertTrue(shed > 0, "stalled clients were shed (IMPORTANT dropped) before eviction");
            assertTrue(stall99 <= Math.max(3 * base99, base99 + 30),
                "speakers' p99 lateness " + stall99 + " ms with stalled clients vs " +
                    base99 + " ms without");
            for (final Staller s : stallers)
            {
                assertTrue(s.framesRead > 0, "the staller read the flood before it stalled");
                s.ws.timeout(10_000);
                final Integer code = s.ws.awaitClose();
                assertTrue(code != null && (code == 1008 || code == 1006),
                    "a stalled client sees 1008 or a dropped connection: " + code);
                s.ws.close();
            }
        }
    }

    /** A flood subscriber on a raw socket that reads on its own thread until told to stall. */
    private static final class Staller extends Thread
    {
        final RawWebSocket ws;
        volatile boolean reading = true;
        volatile long framesRead;

        Staller(final RawWebSocket ws)
        {
            this.ws = ws;
            setDaemon(true);
        }

        void stall()
        {
            reading = false;
        }

        @Override
        public void run()
        {
            try
            {
                ws.timeout(50);
                while (reading)
                {
                    if (ws.read() != null)
                    {
                        framesRead++;
                    }
                }
            }
            catch (final IOException e)
            {
                // closed
            }
        }
    }

    private List<TestClient> connect(final GatewayServer server, final int n) throws Exception
    {
        final List<TestClient> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final TestClient c = TestClient.connect(Gateways.url(server));
            c.await("ready");
            list.add(c);
            clients.add(c);
        }
        return list;
    }

    /**
     * Every speaker speaks one 3 s utterance; returns the lateness of every frame, in ns: arrival minus the
     * ideal schedule (the first frame's arrival, then one frame per frame_ms after the prefill burst).
     */
    private static Histogram speakRound(final List<TestClient> speakers, final String id) throws Exception
    {
        for (final TestClient s : speakers)
        {
            s.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + TEXT + "\"}");
        }
        final Histogram lateness = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (final TestClient s : speakers)
        {
            final TestClient.Received start =
                s.await(r -> "audio_start".equals(r.type()) && id.equals(r.json().path("id").asText()), 10_000);
            assertNotNull(start, "audio_start " + id);
            final long utterance = start.json().path("utterance").asLong();
            final TestClient.Received end =
                s.await(r -> "audio_end".equals(r.type()) && id.equals(r.json().path("id").asText()), 20_000);
            assertNotNull(end, "audio_end " + id);
            assertEquals("done", end.json().path("reason").asText());
            long first = -1;
            for (final TestClient.Received r : s.received())
            {
                if (r.frame() == null || r.frame().utterance() != utterance)
                {
                    continue;
                }
                if (first < 0)
                {
                    first = r.arrivedNanos();
                }
                final long ideal =
                    first + Math.max(0, r.frame().seq() - (PREFILL - 1)) * TimeUnit.MILLISECONDS.toNanos(FRAME_MS);
                lateness.recordValue(Math.max(0, r.arrivedNanos() - ideal));
            }
        }
        return lateness;
    }
}
