package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.discovery.WorkerInfo;
import io.ringcast.bridge.kind.RequestKind;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.bridge.worker.WorkerServer;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestClient.Received;
import io.ringcast.gateway.support.TestGateway;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-modal fusion end to end: windows, conflation, bounds, order, topics, and isolation from speech. */
@Tag("integration")
class FusionTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.with(b -> b.fusion(new FusionLimits(2, 3, 8)));

    private static TestClient connect(final GatewayServer gateway) throws Exception
    {
        final TestClient c = TestClient.connect(Gateways.url(gateway));
        c.await("ready");
        return c;
    }

    private static String open(final String id, final int windowMs, final String publishTo)
    {
        return "{\"type\":\"fuse_open\",\"id\":\"" + id + "\",\"model\":\"summary\",\"window_ms\":" + windowMs +
            ",\"streams\":[{\"name\":\"visual\",\"kind\":\"visual\",\"policy\":\"latest\"},{\"name\":\"text\"," +
            "\"kind\":\"text\",\"policy\":\"all\"}]" +
            (publishTo == null ? "" : ",\"publish_to\":\"" + publishTo + "\"") + "}";
    }

    private static String data(final String id, final String stream, final String json)
    {
        return "{\"type\":\"fuse_data\",\"id\":\"" + id + "\",\"stream\":\"" + stream + "\",\"data\":" + json + "}";
    }

    @Test
    void shouldAcknowledgeFuseCloseExactlyOnce() throws Exception
    {
        try (TestClient c = connect(GATEWAY.server()))
        {
            c.send(open("once", 200, null));
            c.await("fuse_opened");
            c.send("{\"type\":\"fuse_close\",\"id\":\"once\"}");
            c.await("fuse_closed");
            c.send("{\"type\":\"ping\",\"t\":5}");
            c.await("pong"); // a second acknowledgement would have come before this
            assertEquals(1, c.ofType("fuse_closed").size(), "one fuse_close, one fuse_closed");
        }
    }

    @Test
    void shouldFuseWindowsInOrderWithConflationAndCloseAfterTheLastResult() throws Exception
    {
        try (TestClient c = connect(GATEWAY.server()))
        {
            c.send(open("f", 200, null));
            assertEquals("f", c.await("fuse_opened").path("id").asText());
            c.send(data("f", "text", "\"a\""));
            c.send(data("f", "visual", "{\"frame\":1}"));
            c.send(data("f", "text", "\"b\""));
            c.send(data("f", "visual", "{\"frame\":2}"));
            c.send(data("f", "visual", "{\"frame\":3}"));
            assertNotNull(c.await(r -> "fuse_result".equals(r.type()), 5_000));
            Thread.sleep(450); // two or more empty windows pass: they yield nothing
            c.send(data("f", "text", "\"c\""));
            c.send("{\"type\":\"fuse_close\",\"id\":\"f\"}");
            c.await("fuse_closed");

            final List<JsonNode> results = c.ofType("fuse_result");
            assertEquals(2, results.size(), "one result per window with input, none for empty ones");
            final JsonNode first = results.get(0);
            assertEquals(0, first.path("window").asInt());
            assertEquals(3, first.path("inputs").path("visual").asInt());
            assertEquals(2, first.path("inputs").path("text").asInt());
            assertEquals(2, first.path("conflated").asInt(), "two visual items replaced by newer ones");
            final JsonNode summary = first.path("outputs").path("streams");
            assertEquals(1, summary.path("visual").path("count").asInt(), "latest: only the newest item is fused");
            assertEquals(3, summary.path("visual").path("last").path("frame").asInt());
            assertEquals(2, summary.path("text").path("count").asInt(), "all: every item is fused");
            assertEquals("a", summary.path("text").path("first").asText());
            assertEquals("b", summary.path("text").path("last").asText());
            assertEquals(sha256("[\"a\",\"b\"]"), summary.path("text").path("digest").asText(),
                "exactly what was fused");
            assertTrue(first.path("latency_ms").asDouble() >= 0);

            final JsonNode last = results.get(1);
            assertTrue(last.path("window").asInt() >= 3, "windows are numbered by time: " + last.path("window"));
            assertEquals(1, last.path("inputs").path("text").asInt());
            assertEquals("c", last.path("outputs").path("streams").path("text").path("last").asText());
            final List<Received> all = c.received();
            assertEquals("fuse_closed", all.get(all.size() - 1).type(), "fuse_closed follows every result");

            c.send(data("f", "text", "\"late\""));
            assertEquals("unknown_id", c.await("error").path("code").asText(), "a closed fusion session is gone");
        }
    }

    @Test
    void shouldRefuseBadFusionInputWithProtocolErrors() throws Exception
    {
        try (TestClient c = connect(GATEWAY.server()))
        {
            c.send(data("nope", "text", "1"));
            c.send(open("g", 1000, null));
            c.await("fuse_opened");
            c.send(data("g", "audio", "1"));
            c.send(open("g", 1000, null));
            for (int i = 0; i < 4; i++)
            {
                c.send(data("g", "text", Integer.toString(i)));
            }
            c.send(open("h", 1000, null));
            c.send(open("i", 1000, null));
            c.send(
                "{\"type\":\"fuse_open\",\"id\":\"j\",\"model\":\"summary\",\"window_ms\":5," +
                    "\"streams\":[{\"name\":\"t\",\"kind\":\"text\",\"policy\":\"all\"}]}");
            c.send("{\"type\":\"ping\",\"t\":1}");
            c.await("pong");
            Await.until(() -> c.ofType("error").size() >= 6, Duration.ofSeconds(5));
            // Errors found on the connection's IO thread and on the group thread may interleave: compare as sets.
            final List<String> codes = c.ofType("error").stream()
                .map(e -> e.path("code").asText() + ":" + e.path("ref").asText()).sorted().toList();
            assertEquals(
                List.of("bad_request:g", "bad_request:i", "bad_request:j", "duplicate_id:g", "overloaded:g",
                    "unknown_id:nope"),
                codes,
                "unknown id, undeclared stream, duplicate open, 'all' bound of 3 items, more than 2 sessions, " +
                    "window_ms below 10");
        }
    }

    @Test
    void shouldPublishResultsToTheTopicsSubscribers() throws Exception
    {
        try (TestClient owner = connect(GATEWAY.server()); TestClient subscriber = connect(GATEWAY.server()))
        {
            subscriber.send("{\"type\":\"subscribe\",\"topics\":[\"fused\"]}");
            subscriber.sync();
            owner.send(open("p", 50, "fused"));
            owner.await("fuse_opened");
            owner.send(data("p", "text", "{\"caption\":\"hello\"}"));
            final Received message = subscriber.await(r -> "message".equals(r.type()), 5_000);
            assertNotNull(message);
            assertEquals("fused", message.json().path("topic").asText());
            assertEquals("fuse_result", message.json().path("data").path("type").asText());
            assertEquals("hello", message.json().path("data").path("outputs").path("streams").path("text").path("last")
                .path("caption").asText());
        }
    }

    @Test
    void shouldKeepSpeechFastWhileASlowFusionProviderFallsBehind() throws Exception
    {
        try (WorkerServer speech = WorkerServer.start(WorkerConfig.builder().port(0).costModel(CostModel.NONE).build());
            WorkerServer fusion =
                WorkerServer.start(WorkerConfig.builder().port(0).costModel(new CostModel(400, 0, 400, 1.0)).build());
            GatewayServer gateway = GatewayServer.start(Gateways.config().toBuilder()
                .discovery(() -> new KindsDiscovery(Set.of(
                    new WorkerInfo(speech.address(), Set.of(RequestKind.SYNTHESIS)),
                    new WorkerInfo(fusion.address(), Set.of(RequestKind.FUSION)))))
                .build());
            TestClient fuser = connect(gateway);
            TestClient speaker = connect(gateway))
        {
            fuser.send(open("busy", 20, null));
            fuser.await("fuse_opened");
            final long end = System.currentTimeMillis() + 1_500;
            int n = 0;
            while (System.currentTimeMillis() < end)
            {
                fuser.send(data("busy", "visual", Integer.toString(n++)));
                if (n % 10 == 0)
                {
                    speaker.send("{\"type\":\"speak\",\"id\":\"s" + n + "\",\"text\":\"hi\"}");
                }
                Thread.sleep(5); // the offered rate of items
            }
            final List<JsonNode> results = fuser.ofType("fuse_result");
            assertTrue(results.size() < n / 4,
                "the fusion provider is far behind (" + results.size() + " results for " + n + " items)");
            long previous = -1;
            for (final JsonNode r : results)
            {
                assertTrue(r.path("window").asLong() > previous, "results stay in window order");
                previous = r.path("window").asLong();
            }
            assertTrue(results.stream().mapToLong(r -> r.path("conflated").asLong()).sum() > 0,
                "backlogged latest windows are conflated");
            final List<Received> all = speaker.received();
            int speaks = 0;
            for (final Received r : all)
            {
                if ("audio_end".equals(r.type()))
                {
                    speaks++;
                }
            }
            assertTrue(speaks >= 10,
                "speech went on at full speed while fusion lagged: " + speaks + " utterances finished");
        }
    }

    @Test
    void shouldServeSynthesisAndFusionCorrectlyFromOneProvider() throws Exception
    {
        try (TestClient c = connect(GATEWAY.server()))
        {
            c.send(open("mix", 30, null));
            c.await("fuse_opened");
            for (int i = 0; i < 5; i++)
            {
                c.send("{\"type\":\"speak\",\"id\":\"m" + i + "\",\"text\":\"mixing " + i + "\"}");
                c.send(data("mix", "text", "\"t" + i + "\""));
            }
            c.send("{\"type\":\"fuse_close\",\"id\":\"mix\"}");
            c.await("fuse_closed");
            assertNotNull(
                c.await(r -> "audio_end".equals(r.type()) && "m4".equals(r.json().path("id").asText()), 10_000));
            final List<JsonNode> results = c.ofType("fuse_result");
            final int fused = results.stream().mapToInt(r -> r.path("inputs").path("text").asInt()).sum();
            final long refused =
                c.ofType("error").stream().filter(e -> "overloaded".equals(e.path("code").asText())).count();
            assertEquals(5, fused + refused, "every item is fused or refused, never lost");
            assertTrue(results.stream().allMatch(r -> r.path("inputs").path("text").asInt() <= 3),
                "the 'all' bound of 3 per window holds");
            assertTrue(c.ofType("audio_end").stream().allMatch(e -> "done".equals(e.path("reason").asText())));
            final long frames = c.frames().size();
            assertEquals(frames, c.ofType("audio_end").stream().mapToLong(e -> e.path("frames").asLong()).sum(),
                "every frame arrived");
        }
    }

    private static String sha256(final String text) throws Exception
    {
        return HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fixed worker set with the kinds each serves. */
    private record KindsDiscovery(Set<WorkerInfo> workers) implements WorkerDiscovery
    {
        @Override
        public void start(final Consumer<Set<WorkerInfo>> onChange)
        {
            onChange.accept(workers);
        }

        @Override
        public String describe()
        {
            return "test workers " + workers;
        }

        @Override
        public void close()
        {
        }
    }
}
