package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a fuzzer's choices into the bytes of one connection: a sequence of up to {@link #MAX_FRAMES} frames.
 * Mostly well-formed (masked, honest lengths, known opcodes), so that one input takes the server through many
 * frames before anything fails the connection; the fuzzer picks every field, so it also reaches any first
 * byte (RSV bits, reserved opcodes), unmasked frames, non-minimal and lying lengths, control payloads over
 * 125 bytes, bad UTF-8 and protocol messages the session acts on. Raw bytes the structure cannot express are
 * {@link FrameFuzzTest}'s.
 */
final class FrameScript
{
    /** Frames one input may hold. */
    static final int MAX_FRAMES = 64;

    /** Text, first fragment, continuation, last continuation, ping, pong, close. */
    private static final int[] FIRST_BYTES = {0x81, 0x01, 0x00, 0x80, 0x89, 0x8A, 0x88};
    private static final String[] MESSAGES = {
        "{\"type\":\"ping\",\"t\":1}",
        "{\"type\":\"speak\",\"id\":\"a\",\"text\":\"hello there\"}",
        "{\"type\":\"speak\",\"id\":\"b\",\"text\":\"x\",\"priority\":\"bulk\"}",
        "{\"type\":\"cancel\",\"id\":\"a\"}",
        "{\"type\":\"pause\",\"id\":\"a\"}",
        "{\"type\":\"resume\"}",
        "{\"type\":\"subscribe\",\"topics\":[\"news\"]}",
        "{\"type\":\"publish\",\"topic\":\"news\",\"data\":\"d\",\"priority\":\"critical\"}",
    };
    private static final int MAX_PAYLOAD = 300;

    private FrameScript()
    {
    }

    /** @return the bytes of the frames {@code data} describes. */
    static byte[] frames(final FuzzedDataProvider data)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < MAX_FRAMES && data.remainingBytes() > 0; n++)
        {
            final int shape = data.consumeByte() & 0xFF;
            final int op = shape & 7;
            final int first = op < FIRST_BYTES.length ? FIRST_BYTES[op] : data.consumeByte() & 0xFF;
            final byte[] payload = payload(shape >> 6, data);
            final int lengthForm = shape >> 3 & 3;
            final boolean masked = lengthForm != 3 || data.consumeInt(0, 7) != 0;
            final long declared = lengthForm == 3 ? data.consumeLong() : payload.length;
            writeHeader(out, first, masked, declared, lengthForm == 2 && (shape & 0x20) != 0);
            for (int i = 0; i < payload.length; i++)
            {
                out.write(masked ? payload[i] ^ mask(i) : payload[i]);
            }
        }
        return out.toByteArray();
    }

    /** Payload kinds: fuzzer bytes, a protocol message, a UTF-8 string, or none. */
    private static byte[] payload(final int kind, final FuzzedDataProvider data)
    {
        return switch (kind)
        {
            case 0 -> data.consumeBytes(data.consumeInt(0, MAX_PAYLOAD));
            case 1 -> MESSAGES[data.consumeInt(0, MESSAGES.length - 1)].getBytes(StandardCharsets.UTF_8);
            case 2 -> data.consumeString(data.consumeInt(0, MAX_PAYLOAD)).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    /**
     * A header with the length in its minimal form, or (if {@code wide}) in the 64-bit form whatever its value,
     * which RFC 6455 forbids but a server must survive. A declared length other than the payload's is a lie.
     */
    private static void writeHeader(final ByteArrayOutputStream out, final int first, final boolean masked,
        final long length,
        final boolean wide)
    {
        out.write(first);
        final int m = masked ? 0x80 : 0;
        if (!wide && length >= 0 && length < 126)
        {
            out.write(m | (int)length);
        }
        else if (!wide && length >= 0 && length < 65_536)
        {
            out.write(m | 126);
            out.write((int)(length >> 8));
            out.write((int)length);
        }
        else
        {
            out.write(m | 127);
            for (int k = 0; k < 8; k++)
            {
                out.write((int)(length >> (56 - 8 * k)));
            }
        }
        if (masked)
        {
            for (int i = 0; i < 4; i++)
            {
                out.write(mask(i));
            }
        }
    }

    /** The masking key: fixed, since its value changes nothing the server decides. */
    private static int mask(final int i)
    {
        return switch (i & 3)
        {
            case 0 -> 0x5A;
            case 1 -> 0x1F;
            case 2 -> 0x3C;
            default -> 0x97;
        };
    }
}
