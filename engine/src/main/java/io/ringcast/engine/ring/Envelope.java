package io.ringcast.engine.ring;

/**
 * A pre-allocated, reused ring slot. Producers fill it between claim and publish; the group thread reads
 * it once and clears its references so a slot never keeps a payload alive.
 */
public final class Envelope
{
    /** Open a stream: {@code payload} is its sink, {@code payload2} its attachment. */
    public static final int OPEN = 1;
    /** Close a stream: {@code flags} is the close code, {@code payload} the reason. */
    public static final int CLOSE = 2;
    /** An inbound message for the handler: {@code payload}. */
    public static final int INBOUND = 3;
    /** A text message to queue for a stream: {@code payload} is the String. */
    public static final int SEND = 4;
    /** A chunk of audio: {@code utterance}, {@code payload} (byte[]), {@code offset}, {@code length}, {@code flags}. */
    public static final int AUDIO = 5;
    /** A topic message: {@code payload} the topic, {@code payload2} the pre-encoded part. */
    public static final int TOPIC = 6;
    /** A text message to every stream of the group: {@code payload}. */
    public static final int BROADCAST = 7;

    /** {@link #AUDIO} flag: no more audio follows for this utterance. */
    public static final int AUDIO_LAST = 1;
    /** {@link #AUDIO} flag: synthesis failed; no more audio follows. */
    public static final int AUDIO_FAILED = 2;

    public int type;
    public long streamId;
    public Object payload;
    public Object payload2;
    public int utterance;
    public int offset;
    public int length;
    public int flags;
    public long publishNanos;

    /** Drop references once the event is handled. */
    public void clear()
    {
        payload = null;
        payload2 = null;
    }
}
