package io.ringcast.perf.harness.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 20-byte big-endian header of a protocol v1 binary frame (PROTOCOL.md, "Server to client: binary frames").
 *
 * @param kind        1 = audio.
 * @param last        flags bit 0: last frame of the utterance.
 * @param utterance   as announced in {@code audio_start}.
 * @param seq         0, 1, 2, ... per utterance.
 * @param serverNanos server send time on the server's monotonic clock.
 * @param pcmBytes    payload length after the header.
 */
public record AudioHeader(int kind, boolean last, long utterance, long seq, long serverNanos, int pcmBytes)
{
    /** Header length in protocol v1; clients skip unknown extra header bytes. */
    public static final int V1_LENGTH = 20;

    /**
     * @param frame a whole binary message, position at its start.
     * @return the decoded header, or null when the message is shorter than a v1 header.
     */
    public static AudioHeader decode(final ByteBuffer frame)
    {
        final ByteBuffer b = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        final int base = b.position();
        if (b.remaining() < V1_LENGTH)
        {
            return null;
        }
        final int headerLength = b.getShort(base + 2) & 0xFFFF;
        return new AudioHeader(b.get(base) & 0xFF, (b.get(base + 1) & 1) != 0, b.getInt(base + 4) & 0xFFFFFFFFL,
            b.getInt(base + 8) & 0xFFFFFFFFL, b.getLong(base + 12), Math.max(0, b.remaining() - headerLength));
    }
}
