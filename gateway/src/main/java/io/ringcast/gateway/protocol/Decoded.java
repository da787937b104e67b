package io.ringcast.gateway.protocol;

/**
 * What {@link MessageDecoder} made of a text frame: a message, or the error to answer with.
 *
 * @param message      the message, or null on error.
 * @param errorCode    a docs/protocol.md error code, or null.
 * @param errorMessage what was wrong, for people.
 * @param ref          the request's {@code id} when it had one, for the error's {@code ref}.
 */
public record Decoded(ClientMessage message, String errorCode, String errorMessage, String ref)
{
    static Decoded ok(final ClientMessage message)
    {
        return new Decoded(message, null, null, null);
    }

    static Decoded error(final String code, final String message, final String ref)
    {
        return new Decoded(null, code, message, ref);
    }

    /** @return true if the frame was a valid message. */
    public boolean isOk()
    {
        return message != null;
    }
}
