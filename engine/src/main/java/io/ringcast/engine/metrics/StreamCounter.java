package io.ringcast.engine.metrics;

/** Slots of a stream's (and a group's) {@link Counters}. */
public final class StreamCounter
{
    /** Messages handed to the transport. */
    public static final int SENT = 0;
    /** Bytes handed to the transport. */
    public static final int SENT_BYTES = 1;
    /** First of four dropped-message slots, one per priority ordinal. */
    public static final int DROPPED = 2;
    /** Messages in the outbound queue. */
    public static final int QUEUED = 6;
    /** Bytes in the outbound queue. */
    public static final int QUEUED_BYTES = 7;
    /** Bytes handed to the transport and not completed. */
    public static final int INFLIGHT_BYTES = 8;
    /** Rises above the backpressure threshold. */
    public static final int BACKPRESSURE_EVENTS = 9;
    /** Sends slower than slow_send. */
    public static final int SLOW_EVENTS = 10;
    /** StreamState ordinal. */
    public static final int STATE = 11;
    /** QueueLevel ordinal. */
    public static final int LEVEL = 12;
    /** Times reading the peer was paused because its CONTROL replies piled up. */
    public static final int INBOUND_PAUSES = 13;
    /** True audio underruns: a frame's audio arrived after the frame was due, moving its utterance's grid. */
    public static final int UNDERRUNS = 14;
    /** Number of slots. */
    public static final int SIZE = 15;

    private StreamCounter()
    {
    }
}
