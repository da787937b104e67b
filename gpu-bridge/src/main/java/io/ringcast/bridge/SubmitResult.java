package io.ringcast.bridge;

/**
 * What {@link BridgeClient#submit} did with a request; returned at once. Only
 * {@link #ACCEPTED} means the listener will be called.
 */
public enum SubmitResult
{
    /** Queued for a worker; the listener will get chunks and then done or failure. */
    ACCEPTED(""),
    /** Every eligible worker's queue is full: refused now, try later. */
    OVERLOADED("overloaded"),
    /** No healthy worker serves this kind of request, or the client is closed. */
    WORKER_UNAVAILABLE("worker_unavailable"),
    /** A request with the same id is still open. */
    DUPLICATE_ID("duplicate_id");

    private final String protocolCode;

    SubmitResult(final String protocolCode)
    {
        this.protocolCode = protocolCode;
    }

    /** The docs/protocol.md error code for a refusal; empty for {@link #ACCEPTED}. */
    public String protocolCode()
    {
        return protocolCode;
    }
}
