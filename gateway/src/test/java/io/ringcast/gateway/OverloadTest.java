package io.ringcast.gateway;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamState;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection limits, stalled clients and shutdown, each on its own gateway. */
@Tag("integration")
class OverloadTest
{
    @Test
    void shouldCloseConnectionsPastTheLimitWith1013AndKeepEstablishedOnes() throws Exception
    {
        try (GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().limits(3, 65_536, 16_384, 200, 64).build()))
        {
            final List<TestClient> established = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                established.add(TestClient.connect(Gateways.url(server)));
                established.get(i).await("ready");
            }
            for (int i = 0; i < 5; i++)
            {
                try (TestClient extra = TestClient.connect(Gateways.url(server)))
                {
                    assertEquals(1013, extra.awaitClose(5_000));
                }
            }
            for (final TestClient c : established)
            {
                c.send("{\"type\":\"ping\",\"t\":7}");
                assertNotNull(c.await("pong"));
                c.close();
            }
            assertTrue(server.stats().endpoint().refusedConnections() >= 5);
        }
    }

    @Test
    void shouldEvictAStalledClientWithoutDelayingOthersAndKeepMemoryBounded() throws Exception
    {
        final EngineConfig engine = Gateways.config().engine().toBuilder().slowConsumer(100, 3, 1_500)
            .queueBounds(256, 1 << 20).build();
        try (
            GatewayServer server =
                GatewayServer.start(Gateways.config().withEngine(engine).withLimits(100, 65_536, 10_000, 64));
            TestClient stalled = TestClient.connect(Gateways.url(server));
            TestClient healthy = TestClient.connect(Gateways.url(server));
            TestClient publisher = TestClient.connect(Gateways.url(server)))
        {
            stalled.await("ready");
            healthy.await("ready");
            publisher.await("ready");
            stalled.send("{\"type\":\"subscribe\",\"topics\":[\"flood\"]}");
            healthy.send("{\"type\":\"subscribe\",\"topics\":[\"flood\"]}");
            stalled.sync();
            healthy.sync();
            stalled.stall();
            final String data = "\"" + "z".repeat(12_000) + "\"";
            final long heapBefore = usedHeap();
            for (int i = 0; i < 2_000; i++)
            {
                publisher.send(
                    "{\"type\":\"publish\",\"topic\":\"flood\",\"data\":" + data + ",\"priority\":\"important\"}");
            }
            // 24 MB went to the stalled client's topic; the server held at most its bounded queue and in-flight budget.
            assertNotNull(
                healthy.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 2_000, 20_000),
                "the healthy subscriber gets every message");
            // IMPORTANT is shed for a slow consumer; CRITICAL cannot be, so it waits on the stuck socket until
            // eviction.
            for (int i = 0; i < 20; i++)
            {
                publisher
                    .send("{\"type\":\"publish\",\"topic\":\"flood\",\"data\":" + data + ",\"priority\":\"critical\"}");
            }
            Await.until(() -> server.stats().engine().snapshot().states()[StreamState.EVICTED.ordinal()] > 0,
                Duration.ofSeconds(15));
            assertEquals(1, server.stats().engine().snapshot().states()[StreamState.EVICTED.ordinal()],
                "the stalled client is evicted as a slow consumer");
            assertTrue(server.stats().engine().snapshot().dropped()[Priority.IMPORTANT.ordinal()] > 0,
                "it was shed before");
            stalled.resume();
            final Integer code = stalled.awaitClose(10_000);
            assertTrue(code != null && code != 1000,
                "the stalled client sees its connection end (close code " + code + ")");
            assertTrue(usedHeap() - heapBefore < 200L << 20,
                "heap grew by " + ((usedHeap() - heapBefore) >> 20) + " MB");
            healthy.send("{\"type\":\"ping\",\"t\":1}");
            assertNotNull(healthy.await("pong"));
        }
    }

    @Test
    void shouldDrainAndCloseClientsWith1001OnShutdown() throws Exception
    {
        final GatewayServer server = Gateways.start();
        try (TestClient a = TestClient.connect(Gateways.url(server));
            TestClient b = TestClient.connect(Gateways.url(server)))
        {
            a.await("ready");
            b.await("ready");
            server.close();
            assertEquals(1001, a.awaitClose(5_000));
            assertEquals(1001, b.awaitClose(5_000));
        }
    }

    private static long usedHeap()
    {
        System.gc();
        final Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
