package io.ringcast.bridge.selection;

/**
 * What {@link ProviderPool} did with a job when admitting or placing it. The bridge reports it to its caller as the
 * public {@code SubmitResult}; selection has its own type so that it does not depend on the bridge's root package.
 */
public enum Placement
{
    /** Admitted, or queued on a provider. */
    ACCEPTED,
    /** Every eligible provider's queue is full. */
    OVERLOADED,
    /** No provider serves the job's kind. */
    WORKER_UNAVAILABLE
}
