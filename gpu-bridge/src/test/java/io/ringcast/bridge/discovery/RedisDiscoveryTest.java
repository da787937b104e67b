package io.ringcast.bridge.discovery;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.SubmitResult;
import io.ringcast.bridge.registry.WorkerRegistry;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.bridge.worker.WorkerServer;
import io.ringcast.testsupport.Await;
import io.ringcast.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("redis")
class RedisDiscoveryTest
{

    private RedisServer redis;
    private BridgeClient client;
    private WorkerServer worker;
    private Process process;

    @BeforeEach
    void startRedis() throws Exception
    {
        redis = RedisServer.start();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (client != null)
        {
            client.close();
        }
        if (worker != null)
        {
            worker.kill();
        }
        if (process != null)
        {
            process.destroyForcibly();
        }
        redis.close();
    }

    private static long waitFor(final BooleanSupplier condition, final Duration timeout, final String what)
        throws InterruptedException
    {
        final long start = System.nanoTime();
        assertTrue(Await.until(condition::getAsBoolean, timeout), "timed out waiting for " + what);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static boolean contains(final Set<WorkerInfo> set, final String address)
    {
        return set != null && set.stream().anyMatch(w -> w.address().equals(address));
    }

    private void served(final String id) throws InterruptedException
    {
        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis(id, "hello").build(), l));
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertTrue(l.result(id).done, id + " failed: " + l.result(id).failure);
    }

    /** Runs {@code ringcast worker} in its own JVM and returns its address from the startup line. */
    private String startWorkerProcess() throws Exception
    {
        process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
            System.getProperty("java.class.path"),
            "io.ringcast.bridge.worker.WorkerMain", "worker", "--port", "0", "--cost-model", "none", "--redis",
            redis.uri())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader out =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = out.readLine();
        assertTrue(line != null && line.startsWith("ringcast worker listening on "),
            "unexpected worker output: " + line);
        return line.substring("ringcast worker listening on ".length()).split(" ")[0];
    }

    @Test
    void shouldDropWorkerThatStopsHeartbeatingWithin3sAndPickUpNewOne() throws Exception
    {
        final AtomicReference<Set<WorkerInfo>> seen = new AtomicReference<>();
        try (RedisDiscovery watch = new RedisDiscovery(redis.uri()))
        {
            watch.start(seen::set);
            client = BridgeClient.builder().discovery(new RedisDiscovery(redis.uri())).build();
            final String dying = startWorkerProcess();
            waitFor(() -> contains(seen.get(), dying), Duration.ofSeconds(10), "worker process registered");
            waitFor(() -> client.metrics().providers().size() == 1, Duration.ofSeconds(5), "client sees the worker");
            served("before");

            process.destroyForcibly(); // SIGKILL: no deregistration, heartbeats just stop
            final long goneMs =
                waitFor(() -> !contains(seen.get(), dying), Duration.ofSeconds(10), "dead worker dropped");
            assertTrue(goneMs <= 3_000, "dead worker must leave discovery within 3 s, took " + goneMs + " ms");

            worker =
                WorkerServer.start(WorkerConfig.builder().port(0).costModel(CostModel.NONE).redis(redis.uri()).build());
            waitFor(() -> contains(seen.get(), worker.address()), Duration.ofSeconds(3), "new worker picked up");
            waitFor(() -> client.metrics().providers().stream().anyMatch(p -> p.address().equals(worker.address())),
                Duration.ofSeconds(3), "client connects the new worker");
            served("after");
            assertEquals(1, worker.stats().completed(), "the new worker served the request");
        }
    }

    @Test
    void shouldKeepLastKnownWorkersServingWhenRedisGoesAway() throws Exception
    {
        worker =
            WorkerServer.start(WorkerConfig.builder().port(0).costModel(CostModel.NONE).redis(redis.uri()).build());
        client = BridgeClient.builder().discovery(WorkerDiscovery.fromFlags(null, redis.uri())).build();
        waitFor(() -> client.metrics().providers().size() == 1, Duration.ofSeconds(5), "worker discovered");
        assertFalse(client.metrics().discoveryDegraded());
        redis.close();
        waitFor(() -> client.metrics().discoveryDegraded(), Duration.ofSeconds(5), "degraded flag");
        Thread.sleep(500); // the outage lasts: the set must stay
        assertEquals(1, client.metrics().providers().size(), "the last known set stays");
        served("during-outage");
        assertEquals(1, worker.stats().completed());
    }

    @Test
    void shouldDeregisterAtOnceOnCleanShutdown() throws Exception
    {
        worker =
            WorkerServer.start(WorkerConfig.builder().port(0).costModel(CostModel.NONE).redis(redis.uri()).build());
        try (RedisClient r = WorkerRegistry.connect(redis.uri()))
        {
            final String key = WorkerRegistry.key(worker.address());
            assertTrue(r.exists(key));
            final long ttl = r.pttl(key);
            assertTrue(ttl > 0 && ttl <= WorkerRegistry.TTL_MILLIS, "heartbeat key must expire within 3 s, ttl " + ttl);
            assertEquals(worker.address(), RedisDiscovery.decode(r.get(key)).address());
            worker.close();
            worker = null;
            assertFalse(r.exists(key), "a clean shutdown deletes the key");
        }
    }
}
