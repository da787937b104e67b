package io.ringcast.bridge.worker;

import java.util.concurrent.TimeUnit;

/**
 * Fault injection for the reference worker: chunk {@code seq} of every request, and every chunk after it, leaves
 * {@code nanos} later than the cost model says. A gateway's underrun handling is tested with it: a zero-cost
 * worker otherwise never lets the audio run out.
 *
 * @param seq   first chunk held back; -1 for none.
 * @param nanos how long.
 */
public record ChunkDelay(int seq, long nanos)
{

    /** No delay. */
    public static final ChunkDelay NONE = new ChunkDelay(-1, 0);

    /** Validates. */
    public ChunkDelay
    {
        if (seq < -1 || nanos < 0)
        {
            throw new IllegalArgumentException(
                "chunk delay needs seq >= 0 and a delay >= 0 ms, got " + seq + ":" + nanos);
        }
    }

    /**
     * @param spec {@code SEQ:MS}, e.g. {@code 1:600}.
     * @return the delay it describes.
     */
    public static ChunkDelay parse(final String spec)
    {
        final int colon = spec.indexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("--delay-chunk wants SEQ:MS (e.g. 1:600), got '" + spec + "'");
        }
        try
        {
            return new ChunkDelay(Integer.parseInt(spec.substring(0, colon).trim()),
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(spec.substring(colon + 1).trim())));
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException("--delay-chunk wants SEQ:MS (e.g. 1:600), got '" + spec + "'", e);
        }
    }

    /** @return the extra delay of chunk {@code index}. */
    long of(final int index)
    {
        return seq >= 0 && index >= seq ? nanos : 0;
    }
}
