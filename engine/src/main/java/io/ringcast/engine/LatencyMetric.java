package io.ringcast.engine;

/** Latencies the engine records, per priority, in nanoseconds. */
public enum LatencyMetric
{
    /** Publish into a ring until the group thread takes it out. */
    QUEUE_WAIT,
    /** Handed to the transport until the transport reported completion. */
    SEND_TIME,
    /** Publish (or, for audio frames, the pacing deadline) until handed to the transport. */
    END_TO_END,
    /** Audio frames only: how late a frame was handed over against its pacing schedule. */
    PACING_LATENESS
}
