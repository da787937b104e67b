package io.ringcast.gateway.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.registry.WorkerRegistry;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker discovery through a real redis-server, with workers and Redis itself killed and brought back. */
@Tag("integration")
class DiscoveryFaultTest
{
    private static final String[] FAST = {"--cost-model", "none"};
    /** Gateways scan the registry every 250 ms (bridge.md); a new worker must be used within a few scans. */
    private static final long COMEBACK_BOUND_MS = 3_000;

    private final ChildProcesses children = new ChildProcesses();
    private final AtomicInteger ids = new AtomicInteger();
    private GatewayServer server;
    private TestClient client;

    @AfterEach
    void tearDown()
    {
        if (client != null)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
        children.close();
    }

    private void startGateway(final ChildProcesses.Redis redis) throws Exception
    {
        // The comeback loop retries speak as fast as refusals return: a high rate limit keeps it from tripping
        // rate_limited (whose error has no ref), which is not what this test is about.
        server = GatewayServer
            .start(Gateways.config().toBuilder().discovery(() -> WorkerDiscovery.fromFlags(null, redis.uri()))
                .limits(10_000, 65_536, 16_384, 100_000, 64).build());
        client = TestClient.connect(Gateways.url(server));
        client.await("ready");
    }

    @Test
    void shouldRefuseSpeakWithWorkerUnavailableWhileNoWorkerLivesAndServeAgainSoonAfterOneReturns() throws Exception
    {
        final ChildProcesses.Redis redis = children.redis(ChildProcesses.freePort());
        final ChildProcesses.Worker worker = children.worker(with(FAST, "--redis", redis.uri()));
        startGateway(redis);
        ChildProcesses.waitFor(() -> healthy(worker.address()), 10_000, "worker discovered");
        assertEquals("done", speakOnce().path("reason").asText());

        worker.child().kill();
        // Every worker gone: speak is refused clearly, with the request's id as ref, and the session stays usable.
        ChildProcesses.waitFor(() -> !healthy(worker.address()), 5_000, "dead worker no longer selectable");
        for (int i = 0; i < 3; i++)
        {
            final JsonNode answer = speakOnce();
            assertEquals("error", answer.path("type").asText(), answer.toString());
            assertEquals("worker_unavailable", answer.path("code").asText(), answer.toString());
            assertTrue(answer.path("ref").asText().startsWith("r"), "error carries ref = the speak id: " + answer);
        }
        ChildProcesses.waitFor(() -> server.stats().bridge().metrics().providers().stream()
            .noneMatch(p -> p.address().equals(worker.address()) && p.state() != ProviderState.RETIRED), 10_000,
            "the dead worker's registration expired");
        assertEquals("worker_unavailable", speakOnce().path("code").asText());

        // One worker comes back on the same address: speak works again within a few discovery scans.
        final int port = Integer.parseInt(worker.address().substring(worker.address().lastIndexOf(':') + 1));
        final ChildProcesses.Worker back = children.worker(port, with(FAST, "--redis", redis.uri()));
        final long backAt = System.nanoTime();
        JsonNode answer;
        do
        {
            answer = speakOnce();
            assertTrue(System.nanoTime() - backAt < COMEBACK_BOUND_MS * 1_000_000L,
                "speak still refused " + COMEBACK_BOUND_MS + " ms after a worker came back: " + answer);
        }
        while (!"audio_end".equals(answer.path("type").asText()));
        final long comebackMs = (System.nanoTime() - backAt) / 1_000_000;
        assertEquals("done", answer.path("reason").asText());
        System.out.printf(
            "[fault] all workers gone: speak refused with worker_unavailable; served again %d ms after a worker " +
                "came back (%s)%n",
            comebackMs, back.address());
    }

    @Test
    void shouldKeepServingWithLastKnownWorkersWhileRedisIsDownExportItAsStaleAndRecoverWhenRedisReturns()
        throws Exception
    {
        final int redisPort = ChildProcesses.freePort();
        final ChildProcesses.Redis redis = children.redis(redisPort);
        final ChildProcesses.Worker worker = children.worker(with(FAST, "--redis", redis.uri()));
        startGateway(redis);
        ChildProcesses.waitFor(() -> healthy(worker.address()), 10_000, "worker discovered");
        assertEquals("0", metric("ringcast_bridge_discovery_degraded"));

        redis.child().kill();
        ChildProcesses.waitFor(() -> "1".equals(metric("ringcast_bridge_discovery_degraded")), 5_000,
            "/metrics exports the stale discovery");
        assertTrue(server.stats().bridge().metrics().discoveryDegraded());
        // Longer than a registration lives (2 s): the gateway must not drop workers it cannot re-read.
        final long outageEnd = System.currentTimeMillis() + WorkerRegistry.TTL_MILLIS + 1_000;
        while (System.currentTimeMillis() < outageEnd)
        {
            assertEquals("done", speakOnce().path("reason").asText(),
                "served with the last known worker during the outage");
            Thread.sleep(200); // one speak per 200 ms through the outage
        }
        // (a health check may time out on a loaded machine and eject it briefly; it is probed back)
        ChildProcesses.waitFor(() -> healthy(worker.address()), 5_000, "the last known worker stays selectable");

        final ChildProcesses.Redis again = children.redis(redisPort);
        final long recoveredMs =
            ChildProcesses.waitFor(() -> "0".equals(metric("ringcast_bridge_discovery_degraded")), 10_000,
                "discovery recovers when Redis returns");
        // The worker re-registers in the new (empty) Redis, and the gateway reads the registry again for real:
        // a worker started now is discovered.
        try (RedisClient r = WorkerRegistry.connect(again.uri()))
        {
            ChildProcesses.waitFor(() -> r.exists(WorkerRegistry.key(worker.address())), 5_000,
                "worker re-registered in Redis");
        }
        final ChildProcesses.Worker second = children.worker(with(FAST, "--redis", again.uri()));
        ChildProcesses.waitFor(() -> healthy(second.address()), 5_000,
            "a worker registered after the outage is discovered");
        ChildProcesses.waitFor(() -> healthy(worker.address()), 5_000, "the first worker is still there");
        assertEquals("done", speakOnce().path("reason").asText());
        System.out.printf(
            "[fault] Redis down: served from the last known workers, degraded=1 exported; recovered %d ms after " +
                "Redis returned%n",
            recoveredMs);
    }

    /** Sends one speak and returns its outcome: the audio_end, or the error that refused it. */
    private JsonNode speakOnce() throws Exception
    {
        final String id = "r" + ids.incrementAndGet();
        client.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"hello\"}");
        final TestClient.Received r = client.await(
            m -> id.equals(m.json() == null ? null : m.json().path("id").asText(null)) &&
                "audio_end".equals(m.type()) || "error".equals(m.type()) && id.equals(m.json().path("ref").asText()),
            10_000);
        assertNotNull(r, "no outcome for " + id);
        return r.json();
    }

    private boolean healthy(final String address)
    {
        return server.stats().bridge().metrics().providers().stream()
            .anyMatch(p -> p.address().equals(address) && p.state() == ProviderState.HEALTHY);
    }

    private String metric(final String name)
    {
        try
        {
            final HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(Gateways.http(server) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
            for (final String line : r.body().split("\n"))
            {
                if (line.startsWith(name + " ") || line.startsWith(name + "{"))
                {
                    final String v = line.substring(line.lastIndexOf(' ') + 1);
                    return v.endsWith(".0") ? v.substring(0, v.length() - 2) : v;
                }
            }
            return "missing";
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private static String[] with(final String[] base, final String... more)
    {
        final String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

}
