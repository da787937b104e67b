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
    /**
     * Audio frames after the prefill: how late a frame was handed over against the grid its utterance started
     * on (start or resume plus {@code seq * frame_ms}); underruns do not move that grid, so a step stays visible.
     */
    PACING_LATENESS,
    /** Audio: how far each true underrun (audio arriving after its frame was due) moved an utterance's grid. */
    PACING_GRID_MOVE,
    /**
     * Audio: first-audio latency as the engine sees it, from {@code speak} handled on the group thread until the
     * utterance's first frame (seq 0) was handed to the transport; includes waiting behind earlier utterances.
     */
    FIRST_AUDIO
}
