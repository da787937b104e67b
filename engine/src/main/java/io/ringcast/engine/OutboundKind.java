package io.ringcast.engine;

/** What an {@link Outbound} message carries, and so which of its fields a sink reads. */
public enum OutboundKind
{
    /** A complete text message: {@link Outbound#text()}. */
    TEXT,
    /**
     * A topic message: {@link Outbound#text()} is the pre-encoded shared part, {@link Outbound#seq()} this subscriber's
     * per-topic sequence.
     */
    TOPIC,
    /** One audio frame: utterance, seq, last flag, PCM bytes and send time. */
    AUDIO,
    /** An engine notice ({@link Notice}) with its fields. */
    NOTICE
}
