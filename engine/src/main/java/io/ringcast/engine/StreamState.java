package io.ringcast.engine;

/** Life of a stream: CONNECTED, BACKPRESSURE, SLOW_CONSUMER, then EVICTED or CLOSED. */
public enum StreamState
{
    /** Sending keeps up. */
    CONNECTED,
    /** The outbound queue is above the backpressure threshold. */
    BACKPRESSURE,
    /** Too many slow sends: BULK and IMPORTANT are shed until it recovers. */
    SLOW_CONSUMER,
    /** Closed by the engine's policy (send timeout, CONTROL/CRITICAL overflow, send failure). */
    EVICTED,
    /** Closed by its owner. */
    CLOSED
}
