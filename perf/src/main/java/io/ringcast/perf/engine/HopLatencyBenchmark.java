package io.ringcast.perf.engine;

import io.ringcast.engine.Priority;
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
 * One hop, unloaded: publish one CRITICAL message and wait until its sink has it; JMH samples the time of
 * each round (p50, p99, p99.9 in the output). With 4 and 64 threads each waits for its own stream while
 * the others publish. The engine's idle strategy decides how fast an idle consumer wakes: {@code backoff}
 * parks up to 100 us, {@code yielding} and {@code busy-spin} keep a core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
    jvmArgsAppend = {"--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HopLatencyBenchmark
{
    private static final String MESSAGE = "{\"type\":\"pong\",\"t\":1}";

    /** Which side: the engine or the baseline. */
    @Param({"ringcast", "priority-blocking-queue"})
    public String pipeline;

    /** The engine group's idle strategy. */
    @Param({"yielding"})
    public String idle;

    private Pipeline pipe;

    /** Each thread owns one stream. */
    @State(Scope.Thread)
    public static class Waiter
    {
        int stream;

        /** @param thread JMH's thread index. */
        @Setup(Level.Trial)
        public void assign(final ThreadParams thread)
        {
            stream = thread.getThreadIndex() % Pipeline.STREAMS;
        }
    }

    /** Start the pipeline under test. */
    @Setup(Level.Trial)
    public void start()
    {
        pipe = Pipeline.create(pipeline, idle);
    }

    /** Stop it. */
    @TearDown(Level.Trial)
    public void stop()
    {
        pipe.close();
    }

    /** @param w this thread's stream. @return deliveries seen. */
    @Benchmark
    @Threads(1)
    public long hop01(final Waiter w)
    {
        return hop(w);
    }

    /** @param w this thread's stream. @return deliveries seen. */
    @Benchmark
    @Threads(4)
    public long hop04(final Waiter w)
    {
        return hop(w);
    }

    /** @param w this thread's stream. @return deliveries seen. */
    @Benchmark
    @Threads(64)
    public long hop64(final Waiter w)
    {
        return hop(w);
    }

    private long hop(final Waiter w)
    {
        final long before = pipe.delivered(w.stream);
        while (!pipe.offer(w.stream, Priority.CRITICAL, MESSAGE))
        {
            Thread.onSpinWait();
        }
        long now;
        int spins = 0;
        while ((now = pipe.delivered(w.stream)) == before)
        {
            // Spin briefly, then yield: with more waiters than cores, spinning would starve the consumer.
            if (++spins < 200)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
        return now;
    }
}
