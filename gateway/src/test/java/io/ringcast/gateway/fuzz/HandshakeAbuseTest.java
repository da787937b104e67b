package io.ringcast.gateway.fuzz;

import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handshake abuse on a raw socket (the 401 token cases are in AuthTest): oversized headers are refused with
 * 431 or 400 and nothing breaks; a slow-loris handshake is cut off by the request parse timeout (10 s) while
 * established sessions keep working.
 */
@Tag("integration")
class HandshakeAbuseTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    private static final String UPGRADE =
        "GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    @ParameterizedTest(name = "one header of {0} bytes")
    @ValueSource(ints = {1_100_000, 4_000_000})
    void shouldRefuseAnOversizedHeaderWith431Or400AndKeepServing(final int size) throws Exception
    {
        final String status = exchange(UPGRADE + "X-Padding: " + "a".repeat(size) + "\r\n\r\n");
        assertTrue(status.startsWith("HTTP/1.1 431") || status.startsWith("HTTP/1.1 400"),
            "oversized header answered with '" + status + "'");
        stillServing();
    }

    @Test
    void shouldRefuseTooManyHeadersWith431Or400AndKeepServing() throws Exception
    {
        final StringBuilder b = new StringBuilder(UPGRADE);
        for (int i = 0; i < 5_000; i++)
        {
            b.append("X-H").append(i).append(": v\r\n");
        }
        final String status = exchange(b.append("\r\n").toString());
        assertTrue(status.startsWith("HTTP/1.1 431") || status.startsWith("HTTP/1.1 400"),
            "5,000 headers answered with '" + status + "'");
        stillServing();
    }

    @Test
    void shouldCutOffSlowLorisHandshakesWithinTheParseTimeoutWhileSessionsKeepWorking() throws Exception
    {
        try (TestClient established = TestClient.connect(GATEWAY.url()))
        {
            established.await("ready");
            final List<Socket> loris = new ArrayList<>();
            try
            {
                for (int i = 0; i < 20; i++)
                {
                    final Socket s = new Socket("127.0.0.1", GATEWAY.port());
                    s.setSoTimeout(1);
                    s.getOutputStream()
                        .write("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    loris.add(s);
                }
                final long start = System.nanoTime();
                final boolean[] cut = new boolean[loris.size()];
                int open = loris.size();
                int pings = 0;
                // One header byte per 500 ms on each: a parser that reset its timer per byte would never cut them.
                while (open > 0 && System.nanoTime() - start < 14_000_000_000L)
                {
                    for (int i = 0; i < loris.size(); i++)
                    {
                        if (!cut[i] && closedByServer(loris.get(i)))
                        {
                            cut[i] = true;
                            open--;
                        }
                    }
                    established.send("{\"type\":\"ping\",\"t\":" + ++pings + "}");
                    final int t = pings;
                    assertNotNull(
                        established.await(r -> "pong".equals(r.type()) && r.json().path("t").asInt() == t, 2_000),
                        "an established session keeps answering during the slow-loris attack");
                    Thread.sleep(300); // the attack runs on: ping every 300 ms
                }
                final double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(0, open, open + " slow-loris connection(s) still open after " + seconds + " s");
                assertTrue(seconds >= 5,
                    "cut off after " + seconds + " s: earlier than the 10 s parse timeout allows for");
                System.out.printf(
                    "[hostile] 20 slow-loris handshakes cut off after %.1f s (REQUEST_PARSE_TIMEOUT 10 s)%n", seconds);
            }
            finally
            {
                for (final Socket s : loris)
                {
                    s.close();
                }
            }
        }
        stillServing();
    }

    /** Sends one more header byte; true once the server has closed the connection. */
    private static boolean closedByServer(final Socket s)
    {
        try
        {
            s.getOutputStream().write('X');
            s.getOutputStream().flush();
            final int b = s.getInputStream().read();
            return b == -1 || b >= 0; // EOF, or an error response: either way the handshake is over
        }
        catch (final SocketTimeoutException e)
        {
            return false;
        }
        catch (final IOException e)
        {
            return true; // reset
        }
    }

    /** Sends a raw request and returns the status line ("" if the server closed without one). */
    private static String exchange(final String request) throws IOException
    {
        try (Socket s = new Socket("127.0.0.1", GATEWAY.port()))
        {
            s.setSoTimeout(15_000);
            final OutputStream out = s.getOutputStream();
            try
            {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            catch (final IOException e)
            {
                // the server may refuse and close before it read everything; read what it answered
            }
            final InputStream in = s.getInputStream();
            final ByteArrayOutputStream got = new ByteArrayOutputStream();
            try
            {
                for (int b = in.read(); b != -1 && b != '\n'; b = in.read())
                {
                    got.write(b);
                }
            }
            catch (final IOException e)
            {
                // reset after a partial answer
            }
            return got.toString(StandardCharsets.US_ASCII).trim();
        }
    }

    private static void stillServing() throws Exception
    {
        final HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(GATEWAY.http() + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            c.await("ready");
            c.send("{\"type\":\"ping\",\"t\":1}");
            assertNotNull(c.await("pong"));
        }
    }
}
