package io.ringcast.gateway.fuzz;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Found by SessionFuzzTest: a {@code cancel} sent right after its {@code speak} must cancel it. speak travels on
 * the IMPORTANT ring and cancel on CONTROL, which the group drains first, so the cancel can overtake its speak:
 * the client gets {@code error unknown_id} and then the audio it cancelled.
 */
@Tag("integration")
class SpeakThenCancelTest
{
    @Test
    void shouldCancelAnUtteranceWhoseSpeakWasSentJustBefore() throws Exception
    {
        try (GatewayServer server = Gateways.start(); TestClient c = TestClient.connect(Gateways.url(server)))
        {
            c.await("ready");
            final List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                final String id = "u" + i;
                c.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + "t".repeat(60) + "\"}");
                c.send("{\"type\":\"cancel\",\"id\":\"" + id + "\"}");
                final TestClient.Received answer = c.await(r -> "cancelled".equals(r.type()) && id.equals(r.json().path("id").asText()) ||
                    "error".equals(r.type()) && id.equals(r.json().path("ref").asText()), 5_000);
                assertNotNull(answer, "no answer to cancel " + id);
                answers.add(answer.type() + (answer.json().has("code") ? " " + answer.json().path("code").asText() : ""));
            }
            assertEquals(20, answers.stream().filter("cancelled"::equals).count(), "answers to speak+cancel pairs: " + answers);
        }
    }
}
