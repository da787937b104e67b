package io.ringcast.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /livez, /healthz and /readyz of a real gateway on loopback: live while the process is up, ready only while it
 * accepts connections and a healthy worker serves each request kind, with the reason in a JSON body otherwise.
 */
@Tag("integration")
class HealthProbesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(final GatewayServer server, final String path) throws Exception
    {
        return http.send(
            HttpRequest.newBuilder(URI.create(Gateways.http(server) + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeLiveAndReadyWithTheEmbeddedWorker() throws Exception
    {
        try (GatewayServer server = Gateways.start())
        {
            for (final String path : new String[]{"/livez", "/healthz"})
            {
                final HttpResponse<String> r = get(server, path);
                assertEquals(200, r.statusCode(), path);
                assertEquals("ok", r.body().trim(), path);
            }
            final HttpResponse<String> ready = get(server, "/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(JSON.readTree(ready.body()).path("ready").asBoolean(), ready.body());
        }
    }

    @Test
    void shouldNotBeReadyWithOnlyAnUnreachableWorkerButStayLive() throws Exception
    {
        try (GatewayServer server = GatewayServer
            .start(Gateways.config().withDiscovery(() -> WorkerDiscovery.fromFlags("static:127.0.0.1:1", null))))
        {
            // The worker starts out presumed healthy; its stream fails at once (nothing listens on port 1).
            Await.until(() -> get(server, "/readyz").statusCode() != 200, Duration.ofSeconds(15));
            final HttpResponse<String> ready = get(server, "/readyz");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            final JsonNode body = JSON.readTree(ready.body());
            assertFalse(body.path("ready").asBoolean(true), ready.body());
            assertTrue(body.path("reason").asText().startsWith("no healthy worker serves "), ready.body());
            assertEquals(200, get(server, "/livez").statusCode(),
                "a daemon without workers is still alive: no restart");
        }
    }

    @Test
    void shouldNotBeReadyWhileDraining() throws Exception
    {
        try (GatewayServer server = Gateways.start())
        {
            assertEquals(200, get(server, "/readyz").statusCode());
            server.stopAccepting();
            final HttpResponse<String> ready = get(server, "/readyz");
            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("draining", JSON.readTree(ready.body()).path("reason").asText(), ready.body());
            assertEquals(200, get(server, "/livez").statusCode(), "draining is alive");
        }
    }

    @Test
    void shouldExportBuildInfo() throws Exception
    {
        try (GatewayServer server = Gateways.start())
        {
            final String metrics = get(server, "/metrics").body();
            final String line =
                metrics.lines().filter(l -> l.startsWith("ringcast_build_info{")).findFirst().orElse("");
            assertTrue(line.matches(
                "ringcast_build_info\\{jdk=\"" + Runtime.version().feature() + "[^\"]*\",revision=\"[^\"]+\"," +
                    "version=\"\\d+\\.\\d+\\.\\d+[^\"]*\"} 1(\\.0)?"),
                "build_info line: '" + line + "'");
        }
    }

    @Test
    void shouldKeepProbesOpenWhenMetricsNeedAToken() throws Exception
    {
        try (GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().auth("0123456789abcdef0123456789abcdef", false)
                .protectMetrics(true).build()))
        {
            assertEquals(401, get(server, "/metrics").statusCode(), "the metrics are protected");
            assertEquals(200, get(server, "/livez").statusCode(), "a probe carries no token");
            assertEquals(200, get(server, "/readyz").statusCode(), "a probe carries no token");
        }
    }
}
