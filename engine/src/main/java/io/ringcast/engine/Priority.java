package io.ringcast.engine;

/**
 * Delivery classes, highest first. Each has its own ring per stream group and its own lane in every
 * stream's outbound queue; CONTROL and CRITICAL are never dropped silently (the stream is evicted
 * instead), IMPORTANT may be shed under sustained backpressure, BULK is best effort.
 */
public enum Priority
{
    /** Barge-in and session commands, acknowledgements and notices. */
    CONTROL,
    /** Must arrive, in order, or the session is closed with a reason. */
    CRITICAL,
    /** Audio frames by default: dropped only under sustained backpressure. */
    IMPORTANT,
    /** Best effort: dropped first. */
    BULK;

    /** Number of priorities; also the number of rings per group and lanes per stream. */
    public static final int COUNT = 4;

    private static final Priority[] VALUES = values();

    /**
     * @param ordinal a value from 0 (CONTROL) to 3 (BULK).
     * @return the priority with that ordinal, without allocating.
     */
    public static Priority of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
