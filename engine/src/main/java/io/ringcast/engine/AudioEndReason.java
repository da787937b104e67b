package io.ringcast.engine;

/** Why an utterance ended. */
public enum AudioEndReason
{
    /** Every frame was produced. */
    DONE,
    /** The client cancelled it. */
    CANCELLED,
    /** Synthesis failed. */
    FAILED
}
