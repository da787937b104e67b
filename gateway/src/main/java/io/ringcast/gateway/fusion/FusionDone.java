package io.ringcast.gateway.fusion;

/**
 * A provider's answer to one fusion window, carried from a bridge thread to the session's group thread
 * through the engine's CRITICAL ring.
 *
 * @param token        the fusion session's token.
 * @param window       window number.
 * @param outputs      the provider's JSON, or null on failure.
 * @param errorCode    a docs/protocol.md error code on failure, else null.
 * @param errorMessage what failed, for people.
 */
public record FusionDone(long token, long window, String outputs, String errorCode, String errorMessage)
{
}
