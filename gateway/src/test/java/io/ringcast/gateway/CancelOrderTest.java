package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel rides CONTROL and may overtake the speak sent just before it on IMPORTANT: it must still
 * cancel that utterance, and never answer {@code unknown_id} for it.
 */
@Tag("integration")
class CancelOrderTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    @Test
    void shouldCancelAnUtteranceWhoseSpeakWasSentJustBefore() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            c.await("ready");
            // 10 pairs: under the session's 16-utterance limit even if every speak lands before its cancel.
            for (int i = 0; i < 10; i++)
            {
                c.send("{\"type\":\"speak\",\"id\":\"u" + i + "\",\"text\":\"" + "long utterance ".repeat(4) + "\"}");
                c.send("{\"type\":\"cancel\",\"id\":\"u" + i + "\"}");
            }
            c.send("{\"type\":\"cancel\",\"id\":\"never-spoken\"}");
            final JsonNode unknown = c.await("error");
            assertEquals("never-spoken", unknown.path("ref").asText(),
                "only the id never spoken is unknown: " + unknown);
            Await.until(() -> c.ofType("cancelled").size() >= 10, Duration.ofSeconds(5));
            final List<JsonNode> cancelled = c.ofType("cancelled");
            assertEquals(10, cancelled.size(), "every cancel took effect");
            assertEquals(1, c.ofType("error").size());
            for (final JsonNode end : c.ofType("audio_end"))
            {
                assertEquals("cancelled", end.path("reason").asText(), "no cancelled utterance plays to its end");
            }
            assertTrue(c.frames().size() < 10 * 3 * 10, "little or no audio of cancelled utterances");
        }
    }

    @Test
    void shouldStillAnswerUnknownIdWhileOtherSpeaksAreInFlight() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"real\",\"text\":\"hello\"}");
            c.send("{\"type\":\"cancel\",\"id\":\"ghost\"}");
            assertEquals("ghost", c.await("error").path("ref").asText());
            assertEquals("unknown_id", c.ofType("error").get(0).path("code").asText());
            assertEquals("done", c.await("audio_end").path("reason").asText(), "the real one is not affected");
        }
    }
}
