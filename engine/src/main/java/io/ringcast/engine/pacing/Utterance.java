package io.ringcast.engine.pacing;

import io.ringcast.engine.Priority;

import java.nio.ByteBuffer;

/**
 * One utterance's audio as it arrives, and how far it has been released into frames. The buffer is kept
 * until the utterance ends so that a pause can rewind to the first frame not yet sent; its array is reused
 * by the next utterance of the same stream.
 */
public final class Utterance
{
    int number;
    String clientId;
    Priority priority;
    boolean complete;
    boolean failed;
    boolean started;
    long released;
    /** Frames released at least once: a pause rewinds {@link #released}, not this. */
    long consumed;
    long queued;
    long sent;
    long lowestWithdrawn;
    private byte[] pcm = new byte[0];
    private int received;
    /** When {@code speak} created it (monotonic): the start of its first-audio latency. */
    private long spokenNanos;

    void reset(final int number, final String clientId, final Priority priority, final long spokenNanos)
    {
        this.number = number;
        this.clientId = clientId;
        this.priority = priority;
        this.spokenNanos = spokenNanos;
        received = 0;
        complete = false;
        failed = false;
        started = false;
        released = 0;
        consumed = 0;
        queued = 0;
        sent = 0;
        lowestWithdrawn = Long.MAX_VALUE;
    }

    /**
     * @return false if the utterance would exceed {@code maxBytes} (nothing is appended).
     */
    boolean append(final byte[] src, final int offset, final int length, final long maxBytes)
    {
        if (!reserve(length, maxBytes))
        {
            return false;
        }
        System.arraycopy(src, offset, pcm, received, length);
        received += length;
        return true;
    }

    /**
     * As {@link #append(byte[], int, int, long)}, reading {@code src} at absolute positions (its position is
     * untouched).
     */
    boolean append(final ByteBuffer src, final int offset, final int length, final long maxBytes)
    {
        if (!reserve(length, maxBytes))
        {
            return false;
        }
        src.get(offset, pcm, received, length);
        received += length;
        return true;
    }

    private boolean reserve(final int length, final long maxBytes)
    {
        if ((long)received + length > maxBytes)
        {
            return false;
        }
        if (received + length > pcm.length)
        {
            final byte[] bigger = new byte[Math.max(received + length, Math.max(pcm.length * 2, 16 * 1024))];
            System.arraycopy(pcm, 0, bigger, 0, received);
            pcm = bigger;
        }
        return true;
    }

    /**
     * A frame is ready when a whole one is buffered and more audio (or the end) is known to follow, so the
     * last frame can always carry its flag; a short frame is ready only at the end.
     */
    boolean frameReady(final int frameBytes)
    {
        final long available = received - released * frameBytes;
        if (available >= frameBytes)
        {
            return complete || available > frameBytes;
        }
        return complete && available > 0;
    }

    boolean allReleased(final int frameBytes)
    {
        return complete && released * frameBytes >= received;
    }

    int frameOffset(final long seq, final int frameBytes)
    {
        return (int)(seq * frameBytes);
    }

    int frameLength(final long seq, final int frameBytes)
    {
        return (int)Math.min(frameBytes, received - seq * frameBytes);
    }

    boolean isLast(final long seq, final int frameBytes)
    {
        return complete && (seq + 1) * frameBytes >= received;
    }

    byte[] pcm()
    {
        return pcm;
    }

    /** @return the utterance number announced to the client. */
    public int number()
    {
        return number;
    }

    /** @return when {@code speak} created it, monotonic ns. */
    public long spokenNanos()
    {
        return spokenNanos;
    }

    /** @return the lane its frames use. */
    public Priority priority()
    {
        return priority;
    }
}
