package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear error or the close code docs/protocol.md gives, and harms no other session. */
@Tag("integration")
class BadInputTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.with(b -> b.limits(10_000, 4096, 16_384, 50, 4));

    private static TestClient connect() throws Exception
    {
        final TestClient c = TestClient.connect(GATEWAY.url());
        c.await("ready");
        return c;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{not json                                                     | bad_request |",
        "[1,2,3]                                                       | bad_request |",
        "\"just a string\"                                             | bad_request |",
        "{\"no\":\"type\"}                                             | bad_request |",
        "{\"type\":42}                                                 | bad_request |",
        "{\"type\":\"dance\"}                                          | bad_request |",
        "{\"type\":\"speak\",\"text\":\"hi\"}                          | bad_request |",
        "{\"type\":\"speak\",\"id\":\"x\"}                             | bad_request | x",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":7}                  | bad_request | x",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":\"\"}               | bad_request | x",
        "{\"type\":\"speak\",\"id\":7,\"text\":\"hi\"}                 | bad_request |",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":\"hi\",\"priority\":\"bulk\"} | bad_request | x",
        "{\"type\":\"cancel\"}                                         | bad_request |",
        "{\"type\":\"cancel\",\"id\":\"nope\"}                         | unknown_id  | nope",
        "{\"type\":\"ping\"}                                           | bad_request |",
        "{\"type\":\"ping\",\"t\":\"soon\"}                            | bad_request |",
        "{\"type\":\"subscribe\",\"topics\":\"news\"}                  | bad_request |",
        "{\"type\":\"subscribe\",\"topics\":[]}                        | bad_request |",
        "{\"type\":\"subscribe\",\"topics\":[\"Bad Topic!\"]}          | bad_request |",
        "{\"type\":\"publish\",\"topic\":\"news\"}                     | bad_request |",
        "{\"type\":\"publish\",\"topic\":\"../etc\",\"data\":1}        | bad_request |",
        "{\"type\":\"publish\",\"topic\":\"news\",\"data\":1,\"priority\":\"urgent\"} | bad_request |",
        "{\"type\":\"fuse_open\",\"id\":\"f\"}                         | bad_request | f",
        "{\"type\":\"ping\",\"t\":1} trailing                               | bad_request |",
        "{\"type\":\"ping\",\"t\":1}{\"type\":\"ping\",\"t\":2}             | bad_request |",
        "{\"type\":\"ping\",\"t\":1,\"t\":2}                               | bad_request |",
        "{\"type\":\"ping\",\"type\":\"ping\",\"t\":1}                     | bad_request |",
        "{\"type\":\"ping\",\"t\":1e309}                                 | bad_request |",
        "{\"type\":\"ping\",\"t\":-1e309}                                | bad_request |",
        "{\"type\":\"publish\",\"topic\":\"t\",\"data\":[1e400]}             | bad_request |",
        "{\"type\":\"speak\",\"id\":\"\\ud800\",\"text\":\"hi\"}              | bad_request |",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":\"a\\udc00b\"}           | bad_request |",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":\"hi\",\"voice\":\"../../etc/passwd\"} | bad_request | x",
        "{\"type\":\"speak\",\"id\":\"x\",\"text\":\"hi\"," +
            "\"voice\":\"v12345678901234567890123456789012345678901234567890123456789012345\"} | bad_request | x",
        "{\"type\":\"fuse_open\",\"id\":\"f\",\"model\":\"../../etc/passwd\",\"window_ms\":100," +
            "\"streams\":[{\"name\":\"a\",\"kind\":\"text\",\"policy\":\"all\"}]} | bad_request | f",
    })
    void shouldAnswerBadMessagesWithTheProtocolErrorAndKeepTheSession(final String input, final String code,
        final String ref)
        throws Exception
    {
        try (TestClient c = connect())
        {
            c.send(input);
            final JsonNode error = c.await("error");
            assertEquals(code, error.path("code").asText(), error.toString());
            assertTrue(error.path("message").asText().length() > 5, "a message people can act on");
            if (ref != null)
            {
                assertEquals(ref, error.path("ref").asText());
            }
            else
            {
                assertTrue(error.path("ref").isMissingNode());
            }
            c.send("{\"type\":\"ping\",\"t\":1}");
            assertNotNull(c.await("pong"), "the session still works");
        }
    }

    @Test
    void shouldNotEchoTheParsersWordsOrTheInputInABadRequest() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"ping\",<script>}");
            final String message = c.await("error").path("message").asText();
            assertTrue(message.startsWith("malformed JSON"), message);
            assertTrue(
                !message.contains("<script>") && !message.contains("Unexpected character")
                    && !message.contains("code 60"),
                "the parser's text leaked: " + message);
        }
    }

    @Test
    void shouldRefuseTextOverTheLimitWithTooLarge() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"speak\",\"id\":\"big\",\"text\":\"" + "a".repeat(4097) + "\"}");
            // 4097 characters also exceed this gateway's 4096-byte message limit: 1009 wins.
            assertEquals(1009, c.awaitClose(5_000));
        }
        final GatewayServer roomy = GatewayServer.start(Gateways.config());
        try (TestClient c = TestClient.connect(Gateways.url(roomy)))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"big\",\"text\":\"" + "a".repeat(4097) + "\"}");
            final JsonNode error = c.await("error");
            assertEquals("too_large", error.path("code").asText());
            assertEquals("big", error.path("ref").asText());
            c.send("{\"type\":\"publish\",\"topic\":\"t\",\"data\":\"" + "b".repeat(17_000) + "\"}");
            assertNotNull(
                c.await(r -> "error".equals(r.type()) && r.json().path("message").asText().contains("data"), 5_000));
        }
        finally
        {
            roomy.close();
        }
    }

    @Test
    void shouldAnswerDuplicateIdsWhileTheUtteranceLives() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"speak\",\"id\":\"same\",\"text\":\"" + "x".repeat(40) + "\"}");
            c.send("{\"type\":\"speak\",\"id\":\"same\",\"text\":\"again\"}");
            final JsonNode error = c.await("error");
            assertEquals("duplicate_id", error.path("code").asText());
            assertEquals("same", error.path("ref").asText());
        }
    }

    @Test
    void shouldCloseWith1003OnABinaryFrameAndLeaveOthersAlone() throws Exception
    {
        try (TestClient bystander = connect(); TestClient c = connect())
        {
            c.sendBinary(new byte[]{1, 2, 3});
            assertEquals(1003, c.awaitClose(5_000));
            bystander.send("{\"type\":\"ping\",\"t\":2}");
            assertNotNull(bystander.await("pong"));
        }
    }

    @Test
    void shouldCloseWith1009OnAMessageOverMaxMessageBytes() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"ping\",\"t\":1,\"pad\":\"" + "p".repeat(5000) + "\"}");
            assertEquals(1009, c.awaitClose(5_000));
        }
    }

    @Test
    void shouldRateLimitAFloodAndRecover() throws Exception
    {
        try (TestClient c = connect())
        {
            for (int i = 0; i < 120; i++)
            {
                c.send("{\"type\":\"ping\",\"t\":" + i + "}");
            }
            assertNotNull(
                c.await(r -> "error".equals(r.type()) && "rate_limited".equals(r.json().path("code").asText()), 5_000));
            c.send("{\"type\":\"ping\",\"t\":-1}");
            Thread.sleep(300); // answers to the burst settle (the counts are bounds)
            final long pongs = c.ofType("pong").size();
            assertTrue(pongs >= 40 && pongs < 120,
                "the first burst is served, the excess refused: " + pongs + " pongs");
            final long errors = c.ofType("error").size();
            assertTrue(errors >= 1 && errors <= 3,
                "a flood gets a few rate_limited errors, not one per message: " + errors);
            Thread.sleep(1_100); // the rate window (1 s) passes
            c.send("{\"type\":\"ping\",\"t\":999}");
            assertNotNull(c.await(r -> "pong".equals(r.type()) && r.json().path("t").asInt() == 999, 5_000),
                "served again after a second");
        }
    }

    @Test
    void shouldLimitSubscriptionsPerConnection() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"subscribe\",\"topics\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}");
            final JsonNode error = c.await("error");
            assertEquals("bad_request", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("subscriptions"));
        }
    }
}
