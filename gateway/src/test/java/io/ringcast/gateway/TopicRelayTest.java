package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.testsupport.Await;
import io.ringcast.testsupport.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics across two gateways through a real redis-server. */
@Tag("redis")
class TopicRelayTest
{
    @Test
    void shouldDeliverTopicsAcrossGatewaysOnceEachWithPerSubscriberSeq() throws Exception
    {
        try (RedisServer redis = RedisServer.start();
            GatewayServer a = GatewayServer.start(Gateways.config().toBuilder().topicRelay(redis.uri()).build());
            GatewayServer b = GatewayServer.start(Gateways.config().toBuilder().topicRelay(redis.uri()).build());
            TestClient onA = TestClient.connect(Gateways.url(a));
            TestClient onB = TestClient.connect(Gateways.url(b));
            TestClient publisher = TestClient.connect(Gateways.url(b)))
        {
            onA.await("ready");
            onB.await("ready");
            final String from = publisher.await("ready").path("session").asText();
            awaitConnected(a);
            awaitConnected(b);
            onA.send("{\"type\":\"subscribe\",\"topics\":[\"city\"]}");
            onB.send("{\"type\":\"subscribe\",\"topics\":[\"city\"]}");
            onA.sync();
            onB.sync();
            for (int i = 1; i <= 3; i++)
            {
                publisher.send(
                    "{\"type\":\"publish\",\"topic\":\"city\",\"data\":{\"n\":" + i + "},\"priority\":\"important\"}");
            }

            assertNotNull(onA.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 3, 5_000),
                "reached the other gateway");
            assertNotNull(onB.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 3, 5_000));
            Thread.sleep(200); // a window for a duplicate to arrive
            final List<JsonNode> remote = onA.ofType("message");
            assertEquals(List.of(1L, 2L, 3L), remote.stream().map(m -> m.path("seq").asLong()).toList());
            assertEquals(from, remote.get(0).path("from").asText());
            assertEquals(2, remote.get(1).path("data").path("n").asInt());
            assertEquals(3, onB.ofType("message").size(),
                "the publishing node does not get its own messages back twice");
            assertTrue(a.stats().relay().received() >= 3);
        }
    }

    @Test
    void shouldKeepLocalTopicsWorkingWhileRedisIsDown() throws Exception
    {
        final RedisServer redis = RedisServer.start();
        final String uri = redis.uri();
        redis.close();
        try (GatewayServer g = GatewayServer.start(Gateways.config().toBuilder().topicRelay(uri).build());
            TestClient sub = TestClient.connect(Gateways.url(g));
            TestClient pub = TestClient.connect(Gateways.url(g)))
        {
            sub.await("ready");
            pub.await("ready");
            sub.send("{\"type\":\"subscribe\",\"topics\":[\"local\"]}");
            sub.sync();
            pub.send("{\"type\":\"publish\",\"topic\":\"local\",\"data\":1}");
            assertNotNull(sub.await(r -> "message".equals(r.type()), 5_000), "local delivery does not wait for Redis");
            assertTrue(!g.stats().relay().connected());
        }
    }

    private static void awaitConnected(final GatewayServer g) throws InterruptedException
    {
        Await.until(() -> g.stats().relay().connected(), Duration.ofSeconds(5));
        assertTrue(g.stats().relay().connected(), "subscribed in Redis");
    }
}
