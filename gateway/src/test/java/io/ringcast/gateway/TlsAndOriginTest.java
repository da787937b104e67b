package io.ringcast.gateway;

import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** https:// and wss:// from PEM files made by the test, and the browser Origin allow-list. */
@Tag("integration")
class TlsAndOriginTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeHttpsAndWssFromPemFiles() throws Exception
    {
        final KeyStore generated = selfSigned();
        final Path cert = dir.resolve("cert.pem");
        final Path key = dir.resolve("key.pem");
        final Certificate certificate = generated.getCertificate("ringcast");
        final Key privateKey = generated.getKey("ringcast", "changeit".toCharArray());
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);

        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().tls(cert, key).build()))
        {
            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ringcast", certificate);
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            final SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            final HttpClient client = HttpClient.newBuilder().sslContext(tls).build();

            final HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
            final WebSocket ws =
                client.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/v1/stream"),
                    new WebSocket.Listener()
                    {
                        @Override
                        public CompletionStage<?> onText(final WebSocket w, final CharSequence data, final boolean last)
                        {
                            texts.add(data.toString());
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            final String ready = texts.poll(5, TimeUnit.SECONDS);
            assertNotNull(ready);
            assertTrue(ready.contains("\"type\":\"ready\""), ready);
            ws.abort();

            assertThrows(Exception.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/healthz")).timeout(java.time.Duration.ofSeconds(3))
                .build(),
                HttpResponse.BodyHandlers.ofString()), "plain HTTP is not served when TLS is on");
        }
    }

    @Test
    void shouldRefuseAMissingKeyFileWithAClearMessage()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatewayServer.start(
            Gateways.config().toBuilder().tls(dir.resolve("no-cert.pem"), dir.resolve("no-key.pem")).build()));
        assertTrue(e.getMessage().contains("no-cert.pem"), e.getMessage());
    }

    @Test
    void shouldRefuseBrowserOriginsOutsideTheAllowList() throws Exception
    {
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder()
            .allowedOrigins(Set.of("https://app.example")).build()))
        {
            final String url = Gateways.url(server);
            final ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(URI.create(url), new WebSocket.Listener()
                {
                }).get(5, TimeUnit.SECONDS));
            assertEquals(403, ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode());

            final WebSocket allowed =
                HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "https://app.example")
                    .buildAsync(URI.create(url), new WebSocket.Listener()
                    {
                    }).get(5, TimeUnit.SECONDS);
            allowed.abort();
            try (TestClient noOrigin = TestClient.connect(url))
            {
                assertNotNull(noOrigin.await("ready"), "non-browser clients send no Origin and are not affected");
            }
        }
    }

    private KeyStore selfSigned() throws Exception
    {
        final Path store = dir.resolve("generated.p12");
        final Process keytool =
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ringcast", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        final String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store))
        {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }
}
