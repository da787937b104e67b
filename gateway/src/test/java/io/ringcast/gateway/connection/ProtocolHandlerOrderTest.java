package io.ringcast.gateway.connection;

import io.ringcast.engine.Priority;
import io.ringcast.engine.Stream;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.ServerMessages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order of a cancel and its speak, on the group thread alone: {@link ProtocolHandler} against a fake
 * {@link Stream}, with the messages handed in the order the rings deliver them (a cancel rides CONTROL and may
 * arrive before the speak it follows). Deterministic: no engine, no bridge, no socket.
 */
@Tag("unit")
class ProtocolHandlerOrderTest
{
    private final ProtocolHandler handler =
        new ProtocolHandler(new ServerMessages(16_000, 20, 3), 16, 16_000, 20, FusionLimits.DEFAULTS, 1_000);
    private final FakeStream stream = new FakeStream(new Connection(1, "s-1", null, null, null));

    @Test
    void shouldHoldACancelThatOvertookItsSpeakAndCancelTheSpeakOnArrival()
    {
        handler.onMessage(stream, new ClientMessage.Cancel("a", 1)); // sent after one speak, arrives first
        assertEquals(List.of(), stream.sent, "the cancel waits for the speak it follows: no unknown_id");

        handler.onMessage(stream, new ClientMessage.Speak("a", "hello", null, Priority.IMPORTANT));

        assertEquals(0, stream.speaks, "the cancelled speak never starts an utterance");
        assertEquals(1, stream.sent.size());
        assertTrue(stream.sent.get(0).contains("\"type\":\"cancelled\"") && stream.sent.get(0).contains("\"a\""),
            stream.sent.get(0));
    }

    @Test
    void shouldAnswerUnknownIdOnceEverySpeakSentBeforeTheCancelHasArrived()
    {
        stream.speakResult = Stream.TOO_MANY_UTTERANCES; // keeps the speak away from the bridge
        handler.onMessage(stream, new ClientMessage.Cancel("x", 1));
        assertEquals(List.of(), stream.sent);

        handler.onMessage(stream, new ClientMessage.Speak("b", "hello", null, Priority.IMPORTANT));

        assertEquals(2, stream.sent.size(), String.valueOf(stream.sent));
        assertTrue(stream.sent.get(0).contains("unknown_id") && stream.sent.get(0).contains("\"x\""),
            stream.sent.get(0));
        assertTrue(stream.sent.get(1).contains("overloaded") && stream.sent.get(1).contains("\"b\""),
            stream.sent.get(1));
    }

    @Test
    void shouldAnswerUnknownIdAtOnceWhenNoSpeakPrecedesTheCancel()
    {
        handler.onMessage(stream, new ClientMessage.Cancel("y", 0));

        assertEquals(1, stream.sent.size());
        assertTrue(stream.sent.get(0).contains("unknown_id"), stream.sent.get(0));
    }
}
