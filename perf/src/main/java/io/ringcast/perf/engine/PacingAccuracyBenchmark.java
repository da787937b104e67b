package io.ringcast.perf.engine;

import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.Engine;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Outbound;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.SendCompletion;
import io.ringcast.engine.Stream;
import io.ringcast.engine.StreamHandler;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.core.RingEngine;
import io.ringcast.perf.harness.report.Units;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pacing accuracy: {@code streams} streams each play {@code seconds} of 20 ms frames at once, and the
 * engine records how late each frame was handed to its sink against its schedule (|actual - scheduled|;
 * frames are never early). Prints the distribution and writes {@code pacing-lateness.hgrm}. The JMH
 * score (one shot's time) only shows the run took {@code seconds} plus start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1,
    jvmArgsAppend = {"--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class PacingAccuracyBenchmark
{
    /** Concurrent streams. */
    @Param({"1000"})
    public int streams;

    /** Audio per stream. */
    @Param({"10"})
    public int seconds;

    /** Stream groups. */
    @Param({"1"})
    public int groups;

    /** The engine groups' idle strategy. */
    @Param({"backoff"})
    public String idle;

    /** @return frames delivered. @throws Exception if interrupted. */
    @Benchmark
    public long pace() throws Exception
    {
        final AtomicLong frames = new AtomicLong();
        final Engine[] holder = new Engine[1];
        final StreamHandler speaker = (Stream stream, Object message) ->
        {
            final byte[] pcm = (byte[])message;
            final int u = stream.speak("u", Priority.IMPORTANT);
            holder[0].audio(stream.id(), Priority.IMPORTANT, u, pcm, AudioChunk.LAST);
        };
        try (
            Engine engine = RingEngine.start(EngineConfig.builder().groups(groups).idle(idle).handler(speaker).build()))
        {
            holder[0] = engine;
            final StreamSink sink = new StreamSink()
            {
                @Override
                public boolean send(final Outbound m, final SendCompletion done)
                {
                    if (m.kind() == OutboundKind.AUDIO)
                    {
                        frames.incrementAndGet();
                    }
                    done.sendComplete();
                    return true;
                }

                @Override
                public void close(final int code, final String reason)
                {
                }
            };
            final byte[] pcm = new byte[engine.config().frameBytes() * 50 * seconds];
            for (int s = 0; s < streams; s++)
            {
                engine.open(s, sink, null);
            }
            while (engine.snapshot().connections() < streams)
            {
                Thread.sleep(1);
            }
            for (int s = 0; s < streams; s++)
            {
                while (!engine.inbound(s, Priority.IMPORTANT, pcm))
                {
                    Thread.sleep(1);
                }
            }
            final long expected = (long)streams * 50 * seconds;
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 5);
            while (frames.get() < expected && System.nanoTime() < end)
            {
                Thread.sleep(10);
            }
            final Histogram h = engine.latency(LatencyMetric.PACING_LATENESS, Priority.IMPORTANT);
            System.out.printf(
                "%n  pacing lateness over %d frames (%d streams, %d groups, idle %s): p50 %.1f us, p90 %.1f us, " +
                    "p99 %.1f us, p99.9 %.1f us, max %.1f us; frames delivered %d of %d%n",
                h.getTotalCount(), streams, groups, idle,
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, frames.get(), expected);
            try (PrintStream out = new PrintStream(new FileOutputStream("pacing-lateness.hgrm")))
            {
                // ns recorded; written in ms like every ringcast .hgrm, the unit named in the first line.
                out.println(Units.hgrmHeader(
                    "pacing-lateness: engine pacing lateness, IMPORTANT, " + h.getTotalCount() + " frames"));
                h.outputPercentileDistribution(out, 1_000_000.0);
            }
            return frames.get();
        }
    }
}
