package io.ringcast.perf.harness.client;

import java.nio.ByteBuffer;

/**
 * The 20-byte big-endian header of a protocol v1 binary frame
 * (docs/protocol.md, "Server to client: binary frames (audio)").
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
        if (frame.remaining() < V1_LENGTH)
        {
            return null;
        }
        final int base = frame.position();
        return new AudioHeader(frame.get(base) & 0xFF, (frame.get(base + 1) & 1) != 0, utterance(frame), seq(frame),
            serverNanos(frame), pcmBytes(frame));
    }

    // Field readers on absolute positions, big-endian whatever the buffer's byte order: the client decodes every
    // frame with these, so the hot path needs neither a duplicate buffer nor a record per frame.

    /** @return the utterance of a whole frame of at least {@link #V1_LENGTH} bytes, position at its start. */
    public static long utterance(final ByteBuffer frame)
    {
        return bigEndian(frame, frame.position() + 4, 4);
    }

    /** @return the seq of a whole frame. */
    public static long seq(final ByteBuffer frame)
    {
        return bigEndian(frame, frame.position() + 8, 4);
    }

    /** @return the server send time of a whole frame. */
    public static long serverNanos(final ByteBuffer frame)
    {
        return bigEndian(frame, frame.position() + 12, 8);
    }

    /** @return the payload length of a whole frame (its header length is read from bytes 2..3). */
    public static int pcmBytes(final ByteBuffer frame)
    {
        return (int)Math.max(0, frame.remaining() - bigEndian(frame, frame.position() + 2, 2));
    }

    /** @return true when the frame's last-frame flag is set. */
    public static boolean last(final ByteBuffer frame)
    {
        return (frame.get(frame.position() + 1) & 1) != 0;
    }

    private static long bigEndian(final ByteBuffer b, final int at, final int bytes)
    {
        long v = 0;
        for (int i = 0; i < bytes; i++)
        {
            v = (v << 8) | (b.get(at + i) & 0xFF);
        }
        return v;
    }
}
