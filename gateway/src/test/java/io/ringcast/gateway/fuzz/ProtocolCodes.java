package io.ringcast.gateway.fuzz;

import java.util.Set;

/** The error codes and server message types docs/protocol.md lists; anything else is a finding. */
final class ProtocolCodes
{
    static final Set<String> ERROR_CODES =
        Set.of("bad_request", "too_large", "rate_limited", "overloaded", "unauthorized_topic",
            "unknown_id", "duplicate_id", "worker_unavailable", "internal");

    static final Set<String> SERVER_TYPES =
        Set.of("ready", "audio_start", "audio_end", "paused", "resumed", "cancelled", "pong",
            "message", "backpressure", "fuse_opened", "fuse_closed", "fuse_result", "error");

    private ProtocolCodes()
    {
    }
}
