package io.ringcast.gateway.rfc6455;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.RawFrames;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opening handshake of RFC 6455 4.2.1 on raw sockets: a request that is not a valid version 13 handshake
 * is answered 400 (426 with {@code Sec-WebSocket-Version: 13} for another version) and never upgraded; error
 * bodies are fixed text that never repeats the request and is never sniffed as HTML.
 */
@Tag("integration")
class HandshakeConformanceTest
{
    static final String SECRET = "handshake-conformance-secret-0123456789";

    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();
    @RegisterExtension
    static final TestGateway AUTHED = TestGateway.with(b -> b.auth(SECRET, false));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "valid                           | 101 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "header tokens in other case     | 101 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: WebSocket~Connection: " +
            "keep-alive, upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "no Upgrade header               | 400 | GET /v1/stream HTTP/1.1~Host: h~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "Upgrade: h2c                    | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: h2c~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "no Connection: Upgrade          | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: " +
            "websocket~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "missing key                     | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Version: 13",
        "empty key                       | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: ~Sec-WebSocket-Version: 13",
        "key not base64                  | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: !!!!not-base64-at-all!!!!~Sec-WebSocket-Version: 13",
        "key of 4 bytes                  | 400 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: AAAAAA==~Sec-WebSocket-Version: 13",
        "HTTP/1.0                        | 400 | GET /v1/stream HTTP/1.0~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
        "version 8 (a draft)             | 426 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 8",
        "version 14                      | 426 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 14",
        "no version                      | 426 | GET /v1/stream HTTP/1.1~Host: h~Upgrade: websocket~Connection: " +
            "Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "POST                            | 405 | POST /v1/stream HTTP/1.1~Host: h~Content-Length: 0~Upgrade: " +
            "websocket~Connection: Upgrade~Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==~Sec-WebSocket-Version: 13",
    })
    void shouldAnswerEachOpeningHandshakeAsRfc6455Says(final String what, final int status, final String request)
        throws Exception
    {
        final Response r = exchange(GATEWAY.port(), request.replace("~", "\r\n") + "\r\n\r\n");
        assertEquals(status, r.status, what + ": " + r.head);
        if (status == 426)
        {
            assertTrue(r.header("sec-websocket-version").equals("13"), "426 names the version spoken: " + r.head);
        }
        if (status != 101)
        {
            assertEquals("nosniff", r.header("x-content-type-options"), r.head);
        }
    }

    @Test
    void shouldKeepServingAfterEveryBadHandshake() throws Exception
    {
        try (RawFrames c = RawFrames.connect(GATEWAY.port()))
        {
            assertEquals(101, c.status());
            c.write(RawFrames.text("{\"type\":\"ping\",\"t\":3}"));
            String reply = c.readText(5_000);
            while (reply != null && !reply.contains("pong"))
            {
                reply = c.readText(5_000);
            }
            assertTrue(reply != null && reply.contains("\"t\":3"), "pong after the bad handshakes: " + reply);
        }
    }

    /**
     * The 401 body used to quote the decoded token back ("The string '&lt;script&gt;...' doesn't have a valid JSON
     * format").
     */
    @Test
    void shouldAnswerABadTokenWithAFixedBodyThatIsNeverSniffed() throws Exception
    {
        final String script = Base64.getUrlEncoder().withoutPadding().encodeToString(
            "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        final Response r = exchange(AUTHED.port(),
            "GET /v1/stream?token=" + script + "." + script + ".x HTTP/1.1\r\nHost: h\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + RawFrames.KEY +
                "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertEquals(401, r.status, r.head);
        assertEquals("nosniff", r.header("x-content-type-options"));
        assertFalse(r.body.contains("<") || r.body.contains("script"), "the body repeats the token: " + r.body);
    }

    @Test
    void shouldKeepMetricsOpenWithoutProtectMetricsAndRefuseThemWithIt() throws Exception
    {
        assertEquals(200, exchange(AUTHED.port(), "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n").status);
        try (GatewayServer guarded =
            GatewayServer.start(Gateways.config().toBuilder().auth(SECRET, false).protectMetrics(true).build()))
        {
            assertEquals(401, exchange(guarded.port(), "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n").status);
            assertEquals(401, exchange(guarded.port(), "GET /stats HTTP/1.1\r\nHost: h\r\n\r\n").status);
            assertEquals(401, exchange(guarded.port(),
                "GET /metrics HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer forged\r\n\r\n").status);
            final String token =
                com.auth0.jwt.JWT.create().withSubject("ops").withExpiresAt(java.time.Instant.now().plusSeconds(60))
                    .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(SECRET));
            assertEquals(200, exchange(guarded.port(),
                "GET /metrics HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + token + "\r\n\r\n").status);
            assertEquals(200,
                exchange(guarded.port(), "GET /stats?token=" + token + " HTTP/1.1\r\nHost: h\r\n\r\n").status);
            assertEquals(200, exchange(guarded.port(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n").status,
                "the demo page stays open");
            assertEquals(200, exchange(guarded.port(), "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n").status);
        }
    }

    /** A response: status, head (status line and headers) and body (as long as Content-Length says). */
    private record Response(int status, String head, String body)
    {
        String header(final String name)
        {
            for (final String line : head.split("\r\n"))
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name))
                {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }

    private static Response exchange(final int port, final String request) throws IOException
    {
        try (Socket s = new Socket("127.0.0.1", port))
        {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            final InputStream in = s.getInputStream();
            final ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b != -1; b = in.read())
            {
                head.write(b);
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4)
                {
                    break;
                }
            }
            final String h = head.toString(StandardCharsets.ISO_8859_1);
            final Response partial = new Response(Integer.parseInt(h.split(" ")[1]), h, "");
            final String length = partial.header("content-length");
            if (partial.status == 101 || length.isEmpty())
            {
                return partial;
            }
            final byte[] body = in.readNBytes(Integer.parseInt(length));
            return new Response(partial.status, h, new String(body, StandardCharsets.UTF_8));
        }
    }
}
