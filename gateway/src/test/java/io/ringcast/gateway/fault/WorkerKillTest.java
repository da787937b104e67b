package io.ringcast.gateway.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.bridge.BridgeMetrics;
import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.selection.ProviderMetrics;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker process killed with SIGKILL while sessions speak through the gateway: what had not streamed yet
 * moves to the other worker, what was streaming ends as failed at once, nothing hangs.
 */
@Tag("integration")
class WorkerKillTest
{
    /** 1.5 s batches on one simulated GPU; first chunks after 150 ms, the rest spread to the end. */
    private static final String[] SLOW = {"--cost-model", "h100", "--fixed-ms", "1500", "--min-batch-ms", "1500",
        "--per-audio-second-ms", "0", "--first-chunk-share", "0.1", "--max-concurrent", "1"};
    private static final String TEXT = "x".repeat(30); // 1.5 s of audio at 50 ms per character

    private final ChildProcesses children = new ChildProcesses();
    private final List<TestClient> clients = new ArrayList<>();
    private GatewayServer server;

    @AfterEach
    void tearDown()
    {
        clients.forEach(TestClient::close);
        if (server != null)
        {
            server.close();
        }
        children.close();
    }

    @Test
    void shouldMoveWaitingRequestsToTheOtherWorkerAndFailStreamingOnesWithin1sWhenAWorkerIsKilled() throws Exception
    {
        final ChildProcesses.Worker a = children.worker(SLOW);
        final ChildProcesses.Worker b = children.worker(SLOW);
        final String workers = "static:" + a.address() + "," + b.address();
        server = GatewayServer.start(Gateways.config().toBuilder()
            .batching(
                BatchingConfig.builder().maxBatch(8).maxQueueDelay(Duration.ofMillis(20)).maxConcurrent(2).build())
            .discovery(() -> WorkerDiscovery.fromFlags(workers, null)).build());
        ChildProcesses.waitFor(() -> server.stats().bridge().metrics().providers().stream()
            .filter(p -> p.state() == ProviderState.HEALTHY).count() == 2, 15_000, "both workers healthy");
        for (int i = 0; i < 8; i++)
        {
            final TestClient c = TestClient.connect(Gateways.url(server));
            c.await("ready");
            clients.add(c);
        }
        // Wave 1 streams on both workers; wave 2 waits behind it (one batch at a time per worker).
        for (int i = 0; i < 4; i++)
        {
            clients.get(i).send(speak("u" + i));
        }
        for (int i = 0; i < 4; i++)
        {
            assertNotNull(clients.get(i).await(r -> r.frame() != null, 15_000), "wave 1 session " + i + " streams");
        }
        for (int i = 4; i < 8; i++)
        {
            clients.get(i).send(speak("u" + i));
        }
        ChildProcesses.waitFor(() -> requests(server.stats().bridge().metrics()) >= 8, 5_000,
            "wave 2 sent to the workers");

        final ProviderMetrics victimBefore = server.stats().bridge().metrics().providers().stream()
            .max(Comparator.comparingInt(ProviderMetrics::outstanding)).orElseThrow();
        final ChildProcesses.Worker victim = victimBefore.address().equals(a.address()) ? a : b;
        final String survivor = victim == a ? b.address() : a.address();
        final long survivorRequestsBefore = provider(survivor).requests();
        final boolean[] streamingAtKill = new boolean[8];
        for (int i = 0; i < 8; i++)
        {
            streamingAtKill[i] = !clients.get(i).frames().isEmpty();
        }
        final long killedAt = System.nanoTime();
        victim.child().process.destroyForcibly();

        // Failover time: from the kill to the first request the other worker takes instead.
        long failoverNanos = -1;
        while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(5))
        {
            if (provider(survivor).requests() > survivorRequestsBefore)
            {
                failoverNanos = System.nanoTime() - killedAt;
                break;
            }
            Thread.onSpinWait();
        }
        victim.child().process.waitFor(10, TimeUnit.SECONDS);
        ChildProcesses.waitFor(() -> provider(victim.address()).state() == ProviderState.EJECTED, 5_000,
            "dead worker ejected");
        final long ejectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        int failed = 0;
        int completedAfterKill = 0;
        long worstFailMs = 0;
        for (int i = 0; i < 8; i++)
        {
            final TestClient c = clients.get(i);
            final TestClient.Received end = c.await(r -> "audio_end".equals(r.type()) ||
                "error".equals(r.type()) && "worker_unavailable".equals(r.json().path("code").asText()), 20_000);
            assertNotNull(end,
                "session " + i + " hangs: " + c.received().stream().map(TestClient.Received::type).distinct().toList());
            final boolean done = "audio_end".equals(end.type()) && "done".equals(end.json().path("reason").asText());
            if (!streamingAtKill[i])
            {
                assertTrue(done, "session " + i +
                    " had no audio at the kill, so it must complete on the other worker: " + end.json());
                final JsonNode audioEnd = c.await("audio_end");
                assertEquals(c.frames().size(), audioEnd.path("frames").asInt(), "every announced frame arrived");
                completedAfterKill++;
            }
            else if (!done)
            {
                assertTrue("worker_unavailable".equals(end.json().path("code").asText()) ||
                    "failed".equals(end.json().path("reason").asText()),
                    "a streaming utterance ends as failed: " + end.json());
                // The audio the gateway already had plays out before the end (the listener hears it): 20 ms a frame.
                final long playedAfterKill = c.received().stream()
                    .filter(
                        r -> r.frame() != null && r.arrivedNanos() > killedAt && r.arrivedNanos() <= end.arrivedNanos())
                    .count();
                final long ms = TimeUnit.NANOSECONDS.toMillis(end.arrivedNanos() - killedAt) - playedAfterKill * 20;
                worstFailMs = Math.max(worstFailMs, ms);
                failed++;
            }
        }
        final BridgeMetrics m = server.stats().bridge().metrics();
        System.out.printf(
            "[fault] worker SIGKILL: failover %.1f ms (kill -> next request at the other worker), dead worker " +
                "ejected after %d ms, %d streaming utterance(s) failed (last end %d ms after the kill, beyond " +
                "buffered audio), %d request(s) retried, %d utterance(s) " +
                "without audio at the kill completed%n",
            failoverNanos / 1e6, ejectedMs, failed, worstFailMs, m.retries(), completedAfterKill);
        assertTrue(failed > 0, "the kill landed mid-utterance: some streaming utterance failed");
        assertTrue(m.retries() > 0, "requests waiting at the dead worker were retried");
        assertTrue(failoverNanos > 0, "the other worker took a request after the kill");
        assertTrue(failoverNanos < TimeUnit.SECONDS.toNanos(1),
            "failover took " + failoverNanos / 1e6 + " ms (target 100 ms)");
        assertTrue(worstFailMs <= 1_000,
            "streaming utterances must end within 1 s of the kill (past the audio already " +
                "buffered, which plays out), the last took " + worstFailMs + " ms");

        // The gateway keeps serving on the survivor.
        final TestClient fresh = clients.get(0);
        fresh.send(speak("after"));
        final TestClient.Received after =
            fresh.await(r -> "audio_end".equals(r.type()) && "after".equals(r.json().path("id").asText()), 15_000);
        assertNotNull(after, "a new utterance is served after the failover");
        assertEquals("done", after.json().path("reason").asText());
    }

    private ProviderMetrics provider(final String address)
    {
        return server.stats().bridge().metrics().providers().stream().filter(p -> p.address().equals(address))
            .findFirst().orElseThrow();
    }

    private static long requests(final BridgeMetrics m)
    {
        return m.providers().stream().mapToLong(ProviderMetrics::requests).sum();
    }

    private static String speak(final String id)
    {
        return "{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + TEXT + "\"}";
    }
}
