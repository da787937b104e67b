package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.Decoded;
import io.ringcast.gateway.protocol.MessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the protocol decoder: any text frame (a WebSocket text frame is valid UTF-8, so
 * the fuzzer's bytes are decoded as UTF-8) yields either a valid message or an error with a docs/protocol.md code,
 * and never an exception. Runs its checked-in corpus in the normal suite; fuzzes with {@code JAZZER_FUZZ=1}
 * (docs/reliability.md).
 */
class MessageDecoderFuzzTest
{
    private static final int MAX_PUBLISH_BYTES = 16_384;
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9._-]{1,64}");
    private static final MessageDecoder DECODER = new MessageDecoder(MAX_PUBLISH_BYTES);

    @FuzzTest(maxDuration = "30m", maxExecutions = 1_000_000)
    @DictionaryEntries({"{\"type\":", "\"speak\"", "\"pause\"", "\"resume\"", "\"cancel\"", "\"ping\"", "\"subscribe\"",
        "\"unsubscribe\"", "\"publish\"", "\"fuse_open\"", "\"id\":", "\"text\":", "\"voice\":", "\"priority\":",
        "\"critical\"",
        "\"important\"", "\"bulk\"", "\"t\":", "\"topics\":[", "\"topic\":", "\"data\":", "null", "true", "1e308", "-0",
        "\\u0000",
        "\\ud800"})
    void shouldAnswerEveryTextWithAMessageOrAProtocolError(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.UTF_8);
        final Decoded d = DECODER.decode(text);
        assertNotNull(d);
        if (d.isOk())
        {
            assertNull(d.errorCode());
            check(d.message());
        }
        else
        {
            assertTrue(ProtocolCodes.ERROR_CODES.contains(d.errorCode()), "unlisted error code " + d.errorCode());
            assertNotNull(d.errorMessage());
            assertFalse(d.errorMessage().isBlank(), "an error says what was wrong");
            if (d.ref() != null)
            {
                assertTrue(
                    text.contains("\"id\"") || text.contains("\\u0069d") || text.contains("i\\u0064")
                        || text.contains("\\u"),
                    "a ref only comes from an id field");
            }
        }
    }

    /** A message the decoder accepts obeys docs/protocol.md's field rules. */
    private static void check(final ClientMessage m)
    {
        if (m instanceof ClientMessage.Speak s)
        {
            checkId(s.id(), true);
            assertFalse(s.text().isEmpty());
            assertTrue(s.text().codePointCount(0, s.text().length()) <= MessageDecoder.MAX_TEXT_CHARS);
            assertTrue(s.priority().name().equals("CRITICAL") || s.priority().name().equals("IMPORTANT"));
        }
        else if (m instanceof ClientMessage.Pause p)
        {
            checkId(p.id(), false);
        }
        else if (m instanceof ClientMessage.Resume r)
        {
            checkId(r.id(), false);
        }
        else if (m instanceof ClientMessage.Cancel c)
        {
            checkId(c.id(), true);
        }
        else if (m instanceof ClientMessage.Ping p)
        {
            assertNotNull(p.t());
            assertFalse(p.t().isEmpty());
        }
        else if (m instanceof ClientMessage.Subscribe s)
        {
            assertFalse(s.topics().isEmpty());
            s.topics().forEach(t -> assertTrue(TOPIC.matcher(t).matches(), t));
        }
        else if (m instanceof ClientMessage.Unsubscribe u)
        {
            assertFalse(u.topics().isEmpty());
            u.topics().forEach(t -> assertTrue(TOPIC.matcher(t).matches(), t));
        }
        else if (m instanceof ClientMessage.Publish p)
        {
            assertTrue(TOPIC.matcher(p.topic()).matches(), p.topic());
            assertNotNull(p.data());
            assertTrue(p.data().getBytes(StandardCharsets.UTF_8).length <= MAX_PUBLISH_BYTES);
            assertNotNull(p.priority());
        }
        // Other types (multi-modal fusion) are checked by their own tests; any message must name its ring.
        assertNotNull(m.ring(), "a message without an engine ring: " + m);
    }

    private static void checkId(final String id, final boolean required)
    {
        if (id == null)
        {
            assertFalse(required, "a required id is missing");
            return;
        }
        assertTrue(!id.isEmpty() && id.length() <= MessageDecoder.MAX_ID_CHARS, "id length " + id.length());
    }
}
