package io.ringcast.engine;

/**
 * Engine-wide figures at one moment, read without locking from any thread.
 *
 * @param groups        number of stream groups.
 * @param connections   open streams.
 * @param queued        messages waiting in outbound queues.
 * @param states        streams per {@link StreamState} ordinal (EVICTED and CLOSED count since start).
 * @param published     events accepted into the rings, per priority.
 * @param rejected      publishes refused because a ring was full, per priority.
 * @param ringDepth     events waiting in the rings, per priority.
 * @param sent          messages handed to transports since start.
 * @param dropped       messages dropped from outbound queues since start, per priority.
 * @param backpressure  backpressure events since start.
 * @param slowEvents    slow sends since start.
 * @param errors        errors reported to the error handler since start.
 * @param fanoutShed    topic and broadcast deliveries shed by the fan-out budget since start.
 * @param inboundPauses times a peer's reading was paused because its CONTROL replies piled up, since start.
 * @param underruns     true audio underruns since start: frames whose audio arrived after they were due.
 */
public record EngineSnapshot(
    int groups,
    long connections,
    long queued,
    long[] states,
    long[] published,
    long[] rejected,
    long[] ringDepth,
    long sent,
    long[] dropped,
    long backpressure,
    long slowEvents,
    long errors,
    long fanoutShed,
    long inboundPauses,
    long underruns)
{
}
