package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /healthz, /metrics, /stats and the demo page over real HTTP. */
@Tag("integration")
class HttpEndpointsTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(GATEWAY.http() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerHealthzOk() throws Exception
    {
        final HttpResponse<String> r = get("/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("ok", r.body().trim());
    }

    @Test
    void shouldExportPrometheusTextWithLiveFigures() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"m\",\"text\":\"metrics\"}");
            c.await("audio_end");
            final HttpResponse<String> r = get("/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            final String body = r.body();
            for (final String name : new String[]{"ringcast_connections 1",
                "ringcast_messages_in_total{priority=\"important\"}",
                "ringcast_messages_out_total", "ringcast_messages_dropped_total{priority=\"bulk\"}",
                "ringcast_ring_depth{priority=\"control\"}",
                "ringcast_queue_wait_seconds_bucket{priority=\"control\",le=\"0.001\"}",
                "ringcast_pacing_lateness_seconds_bucket",
                "ringcast_first_audio_seconds_count{priority=\"important\"} 1",
                "# TYPE ringcast_send_time_seconds histogram",
                "ringcast_streams{state=\"connected\"} 1", "ringcast_streams_ended_total{state=\"evicted\"} 0",
                "ringcast_bridge_submitted_total 1", "ringcast_provider_queue_depth",
                "ringcast_provider_first_chunk_seconds_bucket",
                "ringcast_jvm_heap_used_bytes", "# HELP ringcast_backpressure_events_total",
                "jvm_gc_collection_seconds_count",
                "jvm_memory_used_bytes{area=\"heap\"}", "process_cpu_seconds_total"})
            {
                assertTrue(body.contains(name), "missing " + name + " in\n" + body);
            }
        }
    }

    @Test
    void shouldReportStatsAsJsonWithSessionsOnRequest() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            final String session = c.await("ready").path("session").asText();
            final JsonNode stats = new ObjectMapper().readTree(get("/stats?sessions=1").body());
            assertEquals(1, stats.path("connections").asInt());
            assertTrue(stats.path("priorities").path("control").has("published"));
            assertEquals(session, stats.path("sessions").path(0).path("session").asText());
            assertEquals("connected", stats.path("sessions").path(0).path("state").asText());
        }
    }

    @Test
    void shouldServeTheDemoPage() throws Exception
    {
        final HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("/v1/stream"), "the page talks to the gateway's own endpoint");
        assertTrue(!r.body().contains("http://") && !r.body().contains("https://"), "no external assets");
    }

    @Test
    void shouldRefuseToListenOnTheNetworkWithoutAuth()
    {
        final GatewayConfig exposed = Gateways.config().toBuilder().listen("0.0.0.0", 0).build();
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> GatewayServer.start(exposed));
        assertTrue(e.getMessage().contains("--auth-secret") && e.getMessage().contains("--insecure"), e.getMessage());
    }
}
