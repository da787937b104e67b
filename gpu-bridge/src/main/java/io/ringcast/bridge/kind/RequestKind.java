package io.ringcast.bridge.kind;

/**
 * What a request asks a worker for. A new kind is a new constant here and in the protocol's
 * {@code RequestKind} enum; the rest of the wire format stays the same.
 */
public enum RequestKind
{
    /** Text to speech: text, voice, sample rate, frame size; answered with pcm_s16le chunks. */
    SYNTHESIS("synthesis"),
    /** One multi-modal fusion window: model + JSON payload; answered with JSON chunks. */
    FUSION("fusion");

    private final String wireName;

    RequestKind(final String wireName)
    {
        this.wireName = wireName;
    }

    /** The lower-case name used in the Redis registry and in logs. */
    public String wireName()
    {
        return wireName;
    }

    /** The kind with this {@link #wireName()}, or null. */
    public static RequestKind fromWireName(final String name)
    {
        for (final RequestKind k : values())
        {
            if (k.wireName.equals(name))
            {
                return k;
            }
        }
        return null;
    }
}
