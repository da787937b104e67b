package io.ringcast.bridge.selection;

/** Lifecycle of a provider (one worker) as the bridge sees it. */
public enum ProviderState
{
    /** Selectable. */
    HEALTHY,
    /** Not selectable after errors, timeouts, a lost stream or a failed health check; probed back later. */
    EJECTED,
    /** Dropped by discovery: takes no new requests, closes when its open requests end. */
    RETIRED
}
