package io.ringcast.bridge;

/**
 * Why an accepted request failed.
 *
 * @param code    what kind of failure
 * @param message a human-readable detail, for logs
 */
public record BridgeFailure(Code code, String message)
{

    /** Failure kinds, each mapped to a docs/protocol.md error code. */
    public enum Code
    {
        /** No worker could serve it (after one retry on another worker). */
        WORKER_UNAVAILABLE("worker_unavailable"),
        /** Admitted, but every worker's queue had filled by the time it was placed. */
        OVERLOADED("overloaded"),
        /** Its deadline passed before it was done. */
        DEADLINE_EXCEEDED("worker_unavailable"),
        /** The worker refused the request as malformed or of a kind it does not serve. */
        BAD_REQUEST("bad_request"),
        /** The worker failed after streaming part of the answer, or broke the protocol. */
        INTERNAL("internal");

        private final String protocolCode;

        Code(final String protocolCode)
        {
            this.protocolCode = protocolCode;
        }

        /** The docs/protocol.md error code to report to clients. */
        public String protocolCode()
        {
            return protocolCode;
        }
    }
}
