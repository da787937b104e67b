package io.ringcast.perf.engine;

import io.ringcast.engine.Priority;
import io.ringcast.engine.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.concurrent.TimeUnit;

/**
 * Sustained publish-to-sink throughput with 1, 4 and 64 publisher threads spread over CRITICAL,
 * IMPORTANT and BULK, through the engine and through the PriorityBlockingQueue baseline, side by side.
 * A full pipeline makes the publisher spin and retry, so the rate measured is what the consumer side
 * delivers. Each iteration also prints the rate counted at the sinks and the publish-to-sink latency
 * percentiles it saw; with 64 threads on few cores trust the printed delivered rate, not JMH's score.
 * <p>
 * On a 2-core machine the publishers and the consumer share the cores: say so with the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
    jvmArgsAppend = {"--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ThroughputBenchmark
{
    private static final String MESSAGE = "{\"type\":\"message\",\"topic\":\"bench\",\"data\":{\"n\":1}}";

    /** Which side: the engine or the baseline. */
    @Param({"ringcast", "priority-blocking-queue"})
    public String pipeline;

    /** The engine group's idle strategy. */
    @Param({"backoff"})
    public String idle;

    private Pipeline pipe;
    // Made once: the reads between iterations count in -prof gc's B/op (three copies of a 1 ns - 60 s histogram
    // per read gave 0.24 B/op with nothing allocated on the hot path).
    private final Histogram atIterationStart = LatencyRecorders.newHistogram();
    private final Histogram thisIteration = LatencyRecorders.newHistogram();
    private long iterationStartNanos;

    /** Each publisher thread writes to its own stream, cycling through the priorities. */
    @State(Scope.Thread)
    public static class Publisher
    {
        int stream;
        int next;

        /** @param thread JMH's thread index. */
        @Setup(Level.Trial)
        public void assign(final ThreadParams thread)
        {
            stream = thread.getThreadIndex() % Pipeline.STREAMS;
            next = thread.getThreadIndex() % 3;
        }
    }

    /** Start the pipeline under test. */
    @Setup(Level.Trial)
    public void start()
    {
        pipe = Pipeline.create(pipeline, idle);
    }

    /** Mark where this iteration's latencies start. */
    @Setup(Level.Iteration)
    public void mark()
    {
        pipe.latency(atIterationStart);
        iterationStartNanos = System.nanoTime();
    }

    /** Print this iteration's publish-to-sink latency. */
    @TearDown(Level.Iteration)
    public void report()
    {
        final double seconds = (System.nanoTime() - iterationStartNanos) / 1e9;
        final Histogram h = thisIteration;
        pipe.latency(h);
        h.subtract(atIterationStart);
        // Counted where messages arrive: with more publisher threads than cores, JMH's own per-thread
        // ops/time sum is inflated by threads that were descheduled for most of the iteration.
        System.out.printf(
            "%n  delivered (%s): %.0f msgs/s; publish-to-sink latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max " +
                "%.1f us%n",
            pipeline, h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    /** Stop the pipeline. */
    @TearDown(Level.Trial)
    public void stop()
    {
        pipe.close();
    }

    /** @param p this thread's publisher. */
    @Benchmark
    @Threads(1)
    public void publishers01(final Publisher p)
    {
        publish(p);
    }

    /** @param p this thread's publisher. */
    @Benchmark
    @Threads(4)
    public void publishers04(final Publisher p)
    {
        publish(p);
    }

    /** @param p this thread's publisher. */
    @Benchmark
    @Threads(64)
    public void publishers64(final Publisher p)
    {
        publish(p);
    }

    private void publish(final Publisher p)
    {
        final Priority priority = Priority.of(1 + p.next);
        p.next = p.next == 2 ? 0 : p.next + 1;
        int spins = 0;
        while (!pipe.offer(p.stream, priority, MESSAGE))
        {
            // A full pipeline is backpressure: spin briefly, then yield, as a real producer backs off.
            // Pure spinning with more publishers than cores would starve the one consumer being measured.
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }
}
