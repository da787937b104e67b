package io.ringcast.perf.engine;

import io.ringcast.engine.Engine;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Outbound;
import io.ringcast.engine.Priority;
import io.ringcast.engine.SendCompletion;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLongArray;

/** The engine with one stream group (one consumer thread) and sinks that complete at once. */
final class EnginePipeline implements Pipeline
{
    private static final int PAD = 16; // longs between counters: one cache line each

    private final Engine engine;
    private final AtomicLongArray delivered = new AtomicLongArray(STREAMS * PAD);
    private final Histogram scratch = LatencyRecorders.newHistogram(); // latency(): one priority at a time

    EnginePipeline(final String idle)
    {
        engine = RingEngine.start(EngineConfig.builder().groups(1).idle(idle)
            .queueBounds(1 << 16, 1L << 30).build());
        for (int s = 0; s < STREAMS; s++)
        {
            engine.open(s, new CountingSink(s), null);
        }
        while (engine.snapshot().connections() < STREAMS)
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public boolean offer(final int stream, final Priority priority, final String text)
    {
        return engine.send(stream, priority, text);
    }

    @Override
    public long delivered(final int stream)
    {
        return delivered.get(stream * PAD);
    }

    @Override
    public void latency(final Histogram into)
    {
        engine.latencyInto(LatencyMetric.END_TO_END, Priority.CRITICAL, into);
        engine.latencyInto(LatencyMetric.END_TO_END, Priority.IMPORTANT, scratch);
        into.add(scratch);
        engine.latencyInto(LatencyMetric.END_TO_END, Priority.BULK, scratch);
        into.add(scratch);
    }

    @Override
    public void close()
    {
        engine.close();
    }

    /** A transport that writes at once: what is left to measure is the engine. */
    private final class CountingSink implements StreamSink
    {
        private final int index;

        CountingSink(final int stream)
        {
            this.index = stream * PAD;
        }

        @Override
        public boolean send(final Outbound message, final SendCompletion done)
        {
            delivered.lazySet(index, delivered.get(index) + 1); // single writer: the group thread
            done.sendComplete();
            return true;
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    }
}
