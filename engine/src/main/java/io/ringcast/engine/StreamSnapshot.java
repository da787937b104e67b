package io.ringcast.engine;

/**
 * Per-stream figures at one moment, read without locking from any thread.
 *
 * @param id                 stream id.
 * @param group              owning group.
 * @param state              current state.
 * @param level              current queue level.
 * @param sent               messages handed to the transport.
 * @param sentBytes          bytes handed to the transport.
 * @param dropped            messages dropped, per priority ordinal.
 * @param queued             messages in the outbound queue.
 * @param queuedBytes        bytes in the outbound queue.
 * @param inflightBytes      bytes handed to the transport and not yet completed.
 * @param backpressureEvents times the queue rose above the backpressure threshold.
 * @param slowEvents         sends slower than {@code slow_send}.
 * @param underruns          true audio underruns: frames whose audio arrived after they were due.
 */
public record StreamSnapshot(
    long id,
    int group,
    StreamState state,
    QueueLevel level,
    long sent,
    long sentBytes,
    long[] dropped,
    long queued,
    long queuedBytes,
    long inflightBytes,
    long backpressureEvents,
    long slowEvents,
    long underruns)
{
}
