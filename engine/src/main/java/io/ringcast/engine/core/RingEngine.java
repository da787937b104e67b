package io.ringcast.engine.core;

import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.Engine;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.EngineSnapshot;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.StreamSnapshot;
import io.ringcast.engine.StreamState;
import io.ringcast.engine.group.GroupCounter;
import io.ringcast.engine.group.GroupIdleStrategy;
import io.ringcast.engine.group.StreamGroupAgent;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.metrics.LatencyRecorders;
import io.ringcast.engine.metrics.StreamCounter;
import io.ringcast.engine.ring.PriorityRings;
import org.HdrHistogram.Histogram;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@link Engine} on LMAX Disruptor rings: one {@link StreamGroupAgent} per group on its own thread, four
 * {@link PriorityRings} each. A publish claims a slot, fills it with the writer of its event's kind
 * ({@link io.ringcast.engine.ring.Envelope}) and publishes it: no lock, no wait, no allocation.
 */
public final class RingEngine implements Engine
{
    private final EngineConfig config;
    private final PriorityRings[] rings;
    private final StreamGroupAgent[] groups;
    private final AgentRunner[] runners;
    /** Per group, the idle strategy publishers wake, or null for a strategy that never parks long. */
    private final GroupIdleStrategy[] wakers;
    private final ConcurrentHashMap<Long, Counters> registry = new ConcurrentHashMap<>();
    private final AtomicLongArray rejected = new AtomicLongArray(Priority.COUNT);
    private final AtomicLong errors = new AtomicLong();
    private final Histogram[] latency = new Histogram[LatencyMetric.values().length * Priority.COUNT];
    private volatile boolean accepting = true;
    private volatile boolean closed;

    private RingEngine(final EngineConfig config)
    {
        this.config = config;
        final int n = config.groups();
        rings = new PriorityRings[n];
        groups = new StreamGroupAgent[n];
        runners = new AgentRunner[n];
        wakers = new GroupIdleStrategy[n];
        final ErrorHandler counted = t ->
        {
            errors.incrementAndGet();
            config.errorHandler().onError(t);
        };
        for (int g = 0; g < n; g++)
        {
            rings[g] = new PriorityRings(config.ringSizes());
            groups[g] = new StreamGroupAgent(g, config, rings[g], registry, counted);
            final IdleStrategy idle;
            if ("backoff".equals(config.idle()))
            {
                wakers[g] = new GroupIdleStrategy(groups[g]);
                idle = wakers[g];
            }
            else
            {
                idle = config.newIdleStrategy();
            }
            runners[g] = new AgentRunner(idle, counted, null, groups[g]);
        }
        for (int i = 0; i < latency.length; i++)
        {
            latency[i] = LatencyRecorders.newHistogram();
        }
    }

    /**
     * Create the groups and start their threads.
     *
     * @param config the configuration.
     * @return the running engine.
     */
    public static Engine start(final EngineConfig config)
    {
        final RingEngine engine = new RingEngine(config);
        for (final AgentRunner runner : engine.runners)
        {
            AgentRunner.startOnThread(runner, config.threadFactory());
        }
        return engine;
    }

    @Override
    public EngineConfig config()
    {
        return config;
    }

    @Override
    public int groupOf(final long streamId)
    {
        return (int)(((streamId * 0x9E3779B97F4A7C15L) >>> 33) % groups.length);
    }

    @Override
    public boolean open(final long streamId, final StreamSink sink, final Object attachment)
    {
        final int g = groupOf(streamId);
        final int p = Priority.CONTROL.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).open(streamId, sink, attachment);
        return commit(g, p, seq);
    }

    @Override
    public boolean close(final long streamId, final int code, final String reason)
    {
        final int g = groupOf(streamId);
        final int p = Priority.CONTROL.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).close(streamId, code, reason);
        return commit(g, p, seq);
    }

    @Override
    public boolean inbound(final long streamId, final Priority priority, final Object message)
    {
        final int g = groupOf(streamId);
        final int p = priority.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).inbound(streamId, message);
        return commit(g, p, seq);
    }

    @Override
    public boolean send(final long streamId, final Priority priority, final String text)
    {
        final int g = groupOf(streamId);
        final int p = priority.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).send(streamId, text);
        return commit(g, p, seq);
    }

    @Override
    public boolean audio(final long streamId, final Priority priority, final int utterance, final byte[] pcm,
        final AudioChunk chunk)
    {
        final int g = groupOf(streamId);
        final int p = priority.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).audio(streamId, utterance, pcm, chunk);
        return commit(g, p, seq, chunk.urgent());
    }

    @Override
    public boolean audio(final long streamId, final Priority priority, final int utterance, final ByteBuffer pcm,
        final AudioChunk chunk)
    {
        final int g = groupOf(streamId);
        final int p = priority.ordinal();
        final long seq = claim(g, p);
        if (seq < 0)
        {
            return false;
        }
        rings[g].slot(p, seq).audio(streamId, utterance, pcm, chunk);
        return commit(g, p, seq, chunk.urgent());
    }

    @Override
    public boolean publish(final String topic, final Priority priority, final String encoded)
    {
        final int p = priority.ordinal();
        boolean all = true;
        for (int g = 0; g < groups.length; g++)
        {
            final long seq = claim(g, p);
            if (seq < 0)
            {
                all = false;
                continue;
            }
            rings[g].slot(p, seq).topic(topic, encoded);
            commit(g, p, seq);
        }
        return all;
    }

    @Override
    public boolean broadcast(final Priority priority, final String text)
    {
        final int p = priority.ordinal();
        boolean all = true;
        for (int g = 0; g < groups.length; g++)
        {
            final long seq = claim(g, p);
            if (seq < 0)
            {
                all = false;
                continue;
            }
            rings[g].slot(p, seq).broadcast(text);
            commit(g, p, seq);
        }
        return all;
    }

    /**
     * Claim a slot for one event in a group's ring, without blocking; the caller fills it with the writer of the
     * event's kind, then {@link #commit}s it.
     *
     * @return the claimed sequence, or -1 (counted as rejected) when the ring is full or the engine is stopping.
     */
    private long claim(final int group, final int priority)
    {
        final long seq = accepting ? rings[group].tryClaim(priority) : -1;
        if (seq < 0)
        {
            rejected.incrementAndGet(priority);
        }
        return seq;
    }

    /** Stamp and publish a filled slot, and wake the group if it may be parked. @return true. */
    private boolean commit(final int group, final int priority, final long seq)
    {
        return commit(group, priority, seq, true);
    }

    /**
     * Stamp and publish a filled slot, and wake the group if it may be parked: at once when {@code urgent}, else only
     * if it parks long (it takes the event at its next pacing deadline otherwise). @return true.
     */
    private boolean commit(final int group, final int priority, final long seq, final boolean urgent)
    {
        final PriorityRings r = rings[group];
        r.slot(priority, seq).publishNanos(config.clock().nanoTime());
        r.publish(priority, seq);
        final GroupIdleStrategy waker = wakers[group];
        if (waker != null)
        {
            if (urgent)
            {
                waker.wake();
            }
            else
            {
                waker.wakeIfParkedLong();
            }
        }
        return true;
    }

    @Override
    public StreamSnapshot stream(final long streamId)
    {
        final Counters c = registry.get(streamId);
        if (c == null)
        {
            return null;
        }
        final long[] dropped = new long[Priority.COUNT];
        for (int p = 0; p < Priority.COUNT; p++)
        {
            dropped[p] = c.get(StreamCounter.DROPPED + p);
        }
        return new StreamSnapshot(streamId, groupOf(streamId), StreamState.values()[(int)c.get(StreamCounter.STATE)],
            QueueLevel.values()[(int)c.get(StreamCounter.LEVEL)], c.get(StreamCounter.SENT),
            c.get(StreamCounter.SENT_BYTES),
            dropped, c.get(StreamCounter.QUEUED), c.get(StreamCounter.QUEUED_BYTES),
            c.get(StreamCounter.INFLIGHT_BYTES),
            c.get(StreamCounter.BACKPRESSURE_EVENTS), c.get(StreamCounter.SLOW_EVENTS), c.get(StreamCounter.UNDERRUNS));
    }

    @Override
    public long[] streamIds()
    {
        return registry.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public EngineSnapshot snapshot()
    {
        final long[] states = new long[StreamState.values().length];
        final long[] published = new long[Priority.COUNT];
        final long[] rejectedNow = new long[Priority.COUNT];
        final long[] depth = new long[Priority.COUNT];
        final long[] dropped = new long[Priority.COUNT];
        long connections = 0, queued = 0, sent = 0, backpressure = 0, slow = 0, fanoutShed = 0, inboundPauses = 0,
            underruns = 0;
        for (int g = 0; g < groups.length; g++)
        {
            final Counters c = groups[g].counters();
            connections += c.get(GroupCounter.CONNECTIONS);
            queued += c.get(StreamCounter.QUEUED);
            sent += c.get(StreamCounter.SENT);
            backpressure += c.get(StreamCounter.BACKPRESSURE_EVENTS);
            slow += c.get(StreamCounter.SLOW_EVENTS);
            fanoutShed += c.get(GroupCounter.FANOUT_SHED);
            inboundPauses += c.get(StreamCounter.INBOUND_PAUSES);
            underruns += c.get(StreamCounter.UNDERRUNS);
            for (int s = 0; s < states.length; s++)
            {
                states[s] += c.get(GroupCounter.STATES + s);
            }
            for (int p = 0; p < Priority.COUNT; p++)
            {
                published[p] += rings[g].published(p);
                depth[p] += rings[g].depth(p);
                dropped[p] += c.get(StreamCounter.DROPPED + p);
            }
        }
        for (int p = 0; p < Priority.COUNT; p++)
        {
            rejectedNow[p] = rejected.get(p);
        }
        return new EngineSnapshot(groups.length, connections, queued, states, published, rejectedNow, depth, sent,
            dropped, backpressure, slow, errors.get(), fanoutShed, inboundPauses, underruns);
    }

    @Override
    public synchronized Histogram latency(final LatencyMetric metric, final Priority priority)
    {
        return drained(metric, priority).copy();
    }

    @Override
    public synchronized void latencyInto(final LatencyMetric metric, final Priority priority, final Histogram target)
    {
        target.reset();
        target.add(drained(metric, priority));
    }

    /** Caller holds this: the total since start, with every group's recorder drained into it. */
    private Histogram drained(final LatencyMetric metric, final Priority priority)
    {
        final Histogram total = latency[metric.ordinal() * Priority.COUNT + priority.ordinal()];
        for (final StreamGroupAgent g : groups)
        {
            g.recorders().drainInto(metric, priority, total);
        }
        return total;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        accepting = false;
        final long deadline = config.clock().nanoTime() + config.stopTimeoutNanos();
        for (int g = 0; g < groups.length; g++)
        {
            groups[g].requestStop(deadline);
            if (wakers[g] != null)
            {
                wakers[g].wake();
            }
        }
        for (final StreamGroupAgent g : groups)
        {
            while (!g.drained() && config.clock().nanoTime() < deadline + 100_000_000L)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
    }
}
