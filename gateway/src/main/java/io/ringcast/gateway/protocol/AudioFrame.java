package io.ringcast.gateway.protocol;

import java.nio.ByteBuffer;

/**
 * The binary audio frame of protocol v1: a 20-byte big-endian header (kind, flags, header length,
 * utterance, seq, server send time) followed by PCM s16le mono.
 */
public final class AudioFrame
{
    /** Header bytes in v1. */
    public static final int HEADER_BYTES = 20;
    /** {@code kind} of an audio frame. */
    public static final byte KIND_AUDIO = 1;
    /** {@code flags} bit 0: last frame of the utterance. */
    public static final byte FLAG_LAST = 1;
    /** Where the server send time sits in the header. */
    private static final int SEND_NANOS_OFFSET = 12;

    private AudioFrame()
    {
    }

    /**
     * Write one frame at the buffer's position.
     *
     * @param out        big-endian buffer with room for the header and PCM.
     * @param utterance  as announced in audio_start.
     * @param seq        frame sequence.
     * @param last       last frame of the utterance.
     * @param sendNanos  server monotonic send time.
     * @param pcm        PCM bytes.
     * @param pcmLength  how many.
     */
    public static void write(final ByteBuffer out, final int utterance, final long seq, final boolean last,
        final long sendNanos,
        final byte[] pcm, final int pcmLength)
    {
        out.put(KIND_AUDIO).put(last ? FLAG_LAST : 0).putShort((short)HEADER_BYTES).putInt(utterance).putInt((int)seq)
            .putLong(sendNanos).put(pcm, 0, pcmLength);
    }

    /**
     * Overwrites the server send time of a frame already written, in place: the IO thread stamps a frame as it
     * hands it to the socket, which may be a while after the stream group queued it.
     *
     * @param frame     a frame from its first byte at {@code frame.position()}; position and limit are unchanged.
     * @param sendNanos server monotonic send time.
     */
    public static void stamp(final ByteBuffer frame, final long sendNanos)
    {
        frame.putLong(frame.position() + SEND_NANOS_OFFSET, sendNanos);
    }
}
