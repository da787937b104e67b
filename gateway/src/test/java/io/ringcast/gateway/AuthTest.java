package io.ringcast.gateway;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HS256 JWT auth at the handshake: 401 before upgrade, topic scopes, expiry mid-session. */
@Tag("integration")
class AuthTest
{
    private static final String SECRET = "test-secret-of-at-least-32-bytes-long!";

    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.with(b -> b.auth(SECRET, false));

    private static String token(final Algorithm alg, final Instant exp, final String... topics)
    {
        final var b = JWT.create().withSubject("tester").withExpiresAt(exp);
        if (topics.length > 0)
        {
            b.withArrayClaim("topics", topics);
        }
        return b.sign(alg);
    }

    private static String valid(final String... topics)
    {
        return token(Algorithm.HMAC256(SECRET), Instant.now().plusSeconds(300), topics);
    }

    private static int refusedStatus(final String token) throws Exception
    {
        final ExecutionException e =
            assertThrows(ExecutionException.class, () -> TestClient.connect(GATEWAY.url(), token));
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, String.valueOf(e.getCause()));
        return ((WebSocketHandshakeException)e.getCause()).getResponse().statusCode();
    }

    @Test
    void shouldRefuseMissingForgedExpiredAndWrongAlgorithmTokensWith401() throws Exception
    {
        assertEquals(401, refusedStatus(null), "missing");
        assertEquals(401, refusedStatus("not.a.jwt"), "malformed");
        assertEquals(401,
            refusedStatus(token(Algorithm.HMAC256("another-secret-another-secret-xx"), Instant.now().plusSeconds(60))),
            "forged");
        assertEquals(401, refusedStatus(token(Algorithm.HMAC256(SECRET), Instant.now().minusSeconds(60))), "expired");
        assertEquals(401, refusedStatus(token(Algorithm.HMAC384(SECRET), Instant.now().plusSeconds(60))),
            "wrong algorithm");
        assertEquals(401, refusedStatus(token(Algorithm.none(), Instant.now().plusSeconds(60))), "alg none");
        final String unsigned = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) +
            "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"x\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8)) +
            ".";
        assertEquals(401, refusedStatus(unsigned), "hand-made alg none");
        final String noExp = JWT.create().withSubject("tester").sign(Algorithm.HMAC256(SECRET));
        assertEquals(401, refusedStatus(noExp), "no exp claim");
    }

    @Test
    void shouldAcceptAValidTokenInTheHeaderOrTheQuery() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url(), valid()))
        {
            assertNotNull(c.await("ready"));
        }
        try (TestClient c = TestClient.connect(GATEWAY.url() + "?token=" + valid()))
        {
            assertNotNull(c.await("ready"));
        }
    }

    @Test
    void shouldRefuseTopicsTheTokenDoesNotCover() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url(), valid("news", "visual")))
        {
            c.await("ready");
            c.send("{\"type\":\"subscribe\",\"topics\":[\"news\",\"secret\"]}");
            assertEquals("unauthorized_topic", c.await("error").path("code").asText());
            c.send("{\"type\":\"publish\",\"topic\":\"secret\",\"data\":1}");
            c.send("{\"type\":\"publish\",\"topic\":\"news\",\"data\":1}");
            c.send("{\"type\":\"ping\",\"t\":1}");
            c.await("pong");
            assertEquals(2, c.ofType("error").size(), "publish to an uncovered topic refused, covered one accepted");
        }
    }

    @Test
    void shouldCloseWith1008WhenTheTokenExpiresMidSession() throws Exception
    {
        final String shortLived = token(Algorithm.HMAC256(SECRET), Instant.now().plusSeconds(2));
        try (TestClient c = TestClient.connect(GATEWAY.url(), shortLived))
        {
            c.await("ready");
            assertEquals(1008, c.awaitClose(6_000));
        }
    }
}
