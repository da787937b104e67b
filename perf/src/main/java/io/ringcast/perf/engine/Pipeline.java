package io.ringcast.perf.engine;

import io.ringcast.engine.Priority;
import org.HdrHistogram.Histogram;

/**
 * The work both sides of the engine benchmarks do: take a message for a stream at a priority from any
 * thread, and hand it to that stream's sink on one consumer thread in priority order.
 */
interface Pipeline extends AutoCloseable
{
    /** Streams every pipeline serves. */
    int STREAMS = 64;

    /** @return false if the pipeline is full right now (the caller retries: that is backpressure). */
    boolean offer(int stream, Priority priority, String text);

    /** @return messages handed to that stream's sink so far. */
    long delivered(int stream);

    /**
     * @param into replaced by the publish-to-sink latency recorded so far, in nanoseconds, without allocating (a
     *             benchmark reads it between iterations, inside what JMH's {@code -prof gc} counts); make it with
     *             {@code LatencyRecorders.newHistogram()}.
     */
    void latency(Histogram into);

    @Override
    void close();

    /**
     * @param name ringcast or priority-blocking-queue.
     * @param idle the engine's idle strategy (backoff, yielding, busy-spin).
     */
    static Pipeline create(final String name, final String idle)
    {
        return switch (name)
        {
            case "ringcast" -> new EnginePipeline(idle);
            case "priority-blocking-queue" -> new BlockingQueuePipeline();
            default -> throw new IllegalArgumentException("unknown pipeline " + name);
        };
    }
}
