package io.ringcast.engine;

import io.ringcast.engine.group.GroupCounter;
import io.ringcast.engine.group.GroupIdleStrategy;
import io.ringcast.engine.group.StreamGroupAgent;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.metrics.LatencyRecorders;
import io.ringcast.engine.metrics.StreamCounter;
import io.ringcast.engine.ring.Envelope;
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
 * The ringcast engine: stream groups, each a thread draining four priority rings into its streams'
 * bounded outbound queues and out through their {@link StreamSink}s, with pacing and flow control.
 * <p>
 * Every publish method is thread-safe, never blocks and never allocates: it claims a slot in the ring of
 * the stream's group and returns false when that ring is full (counted per priority in
 * {@link #snapshot()}), so the caller can answer {@code overloaded} or drop BULK. What happens next runs
 * on the group thread, which calls the configured {@link StreamHandler}.
 *
 * <pre>{@code
 * try (Engine engine = Engine.start(EngineConfig.builder().handler(myHandler).build())) {
 *     engine.open(42, sink, session);
 *     engine.inbound(42, Priority.CONTROL, parsedMessage);
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable
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

    private Engine(final EngineConfig config)
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
        final Engine engine = new Engine(config);
        for (final AgentRunner runner : engine.runners)
        {
            AgentRunner.startOnThread(runner);
        }
        return engine;
    }

    /** @return the configuration it runs with. */
    public EngineConfig config()
    {
        return config;
    }

    /**
     * @param streamId a stream id.
     * @return the group that owns it: a stable hash of the id.
     */
    public int groupOf(final long streamId)
    {
        return (int)(((streamId * 0x9E3779B97F4A7C15L) >>> 33) % groups.length);
    }

    /**
     * Register a stream with its sink (on the CONTROL ring).
     *
     * @param streamId   unique id.
     * @param sink       its way out.
     * @param attachment the owner's session object, handed back as {@link Stream#attachment()}.
     * @return false if the ring is full or the engine is stopping.
     */
    public boolean open(final long streamId, final StreamSink sink, final Object attachment)
    {
        return publish(streamId, Priority.CONTROL, Envelope.OPEN, sink, attachment, 0, 0, 0, 0);
    }

    /**
     * Close a stream: its sink is closed with the code and it leaves the engine (on the CONTROL ring).
     *
     * @param streamId the stream.
     * @param code     WebSocket close code.
     * @param reason   short reason.
     * @return false if the ring is full.
     */
    public boolean close(final long streamId, final int code, final String reason)
    {
        return publish(streamId, Priority.CONTROL, Envelope.CLOSE, reason, null, 0, 0, 0, code);
    }

    /**
     * Hand an inbound message to the handler on the stream's group thread.
     *
     * @param streamId the stream it came from.
     * @param priority ring to travel on (barge-in commands: CONTROL).
     * @param message  anything the handler understands.
     * @return false if that ring is full: overload.
     */
    public boolean inbound(final long streamId, final Priority priority, final Object message)
    {
        return publish(streamId, priority, Envelope.INBOUND, message, null, 0, 0, 0, 0);
    }

    /**
     * Queue a complete text message for one stream.
     *
     * @param streamId the stream.
     * @param priority ring and lane.
     * @param text     the message.
     * @return false if the ring is full.
     */
    public boolean send(final long streamId, final Priority priority, final String text)
    {
        return publish(streamId, priority, Envelope.SEND, text, null, 0, 0, 0, 0);
    }

    /**
     * Deliver synthesized audio for an utterance started with {@link Stream#speak}. The array is read on
     * the group thread later: the caller must not modify it afterwards.
     *
     * @param streamId  the stream.
     * @param priority  ring to travel on; every chunk of an utterance must use the same one.
     * @param utterance number from {@link Stream#speak}.
     * @param pcm       16-bit little-endian mono PCM.
     * @param offset    start in pcm.
     * @param length    bytes.
     * @param last      no more audio follows.
     * @param failed    synthesis failed: no more audio follows, the utterance ends with reason failed.
     * @return false if the ring is full.
     */
    public boolean audio(final long streamId, final Priority priority, final int utterance, final byte[] pcm,
        final int offset, final int length, final boolean last, final boolean failed)
    {
        final int flags = (last ? Envelope.AUDIO_LAST : 0) | (failed ? Envelope.AUDIO_FAILED : 0);
        return publish(streamId, priority, Envelope.AUDIO, pcm, null, utterance, offset, length, flags);
    }

    /**
     * As {@link #audio(long, Priority, int, byte[], int, int, boolean, boolean)}, from a buffer: its bytes from
     * position to limit, read by the group thread at absolute positions, so the caller need not copy a buffer it
     * will not change (a protobuf {@code ByteString}'s read-only view): one copy fewer per chunk.
     *
     * @param streamId  the stream.
     * @param priority  ring to travel on; every chunk of an utterance must use the same one.
     * @param utterance number from {@link Stream#speak}.
     * @param pcm       16-bit little-endian mono PCM; must not change afterwards.
     * @param last      no more audio follows.
     * @param failed    synthesis failed: no more audio follows, the utterance ends with reason failed.
     * @return false if the ring is full.
     */
    public boolean audio(final long streamId, final Priority priority, final int utterance, final ByteBuffer pcm,
        final boolean last, final boolean failed)
    {
        final int flags = (last ? Envelope.AUDIO_LAST : 0) | (failed ? Envelope.AUDIO_FAILED : 0);
        return publish(streamId, priority, Envelope.AUDIO, pcm, null, utterance, pcm.position(), pcm.remaining(), flags);
    }

    /**
     * Fan a topic message out to every subscriber in every group.
     *
     * @param topic    the topic.
     * @param priority ring and lane.
     * @param encoded  the message's shared pre-encoded part (the sink adds each subscriber's seq).
     * @return false if any group's ring was full (those groups' subscribers miss it: a seq gap).
     */
    public boolean publish(final String topic, final Priority priority, final String encoded)
    {
        boolean all = true;
        for (int g = 0; g < groups.length; g++)
        {
            all &= publishTo(g, 0, priority, Envelope.TOPIC, topic, encoded, 0, 0, 0, 0);
        }
        return all;
    }

    /**
     * Send a text message to every open stream.
     *
     * @param priority ring and lane.
     * @param text     the message.
     * @return false if any group's ring was full.
     */
    public boolean broadcast(final Priority priority, final String text)
    {
        boolean all = true;
        for (int g = 0; g < groups.length; g++)
        {
            all &= publishTo(g, 0, priority, Envelope.BROADCAST, text, null, 0, 0, 0, 0);
        }
        return all;
    }

    private boolean publish(final long streamId, final Priority priority, final int type, final Object payload,
        final Object payload2, final int utterance, final int offset, final int length, final int flags)
    {
        return publishTo(groupOf(streamId), streamId, priority, type, payload, payload2, utterance, offset, length, flags);
    }

    private boolean publishTo(final int group, final long streamId, final Priority priority, final int type, final Object payload,
        final Object payload2, final int utterance, final int offset, final int length, final int flags)
    {
        final int p = priority.ordinal();
        if (!accepting)
        {
            rejected.incrementAndGet(p);
            return false;
        }
        final PriorityRings r = rings[group];
        final long seq = r.tryClaim(p);
        if (seq < 0)
        {
            rejected.incrementAndGet(p);
            return false;
        }
        final Envelope e = r.slot(p, seq);
        e.type = type;
        e.streamId = streamId;
        e.payload = payload;
        e.payload2 = payload2;
        e.utterance = utterance;
        e.offset = offset;
        e.length = length;
        e.flags = flags;
        e.publishNanos = config.clock().nanoTime();
        r.publish(p, seq);
        final GroupIdleStrategy waker = wakers[group];
        if (waker != null)
        {
            waker.wake();
        }
        return true;
    }

    /**
     * @param streamId a stream.
     * @return its figures, or null if it is not open.
     */
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
            QueueLevel.values()[(int)c.get(StreamCounter.LEVEL)], c.get(StreamCounter.SENT), c.get(StreamCounter.SENT_BYTES),
            dropped, c.get(StreamCounter.QUEUED), c.get(StreamCounter.QUEUED_BYTES), c.get(StreamCounter.INFLIGHT_BYTES),
            c.get(StreamCounter.BACKPRESSURE_EVENTS), c.get(StreamCounter.SLOW_EVENTS), c.get(StreamCounter.UNDERRUNS));
    }

    /** @return ids of the streams open now. */
    public long[] streamIds()
    {
        return registry.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** @return engine-wide figures, summed over groups; cheap and safe from any thread. */
    public EngineSnapshot snapshot()
    {
        final long[] states = new long[StreamState.values().length];
        final long[] published = new long[Priority.COUNT];
        final long[] rejectedNow = new long[Priority.COUNT];
        final long[] depth = new long[Priority.COUNT];
        final long[] dropped = new long[Priority.COUNT];
        long connections = 0, queued = 0, sent = 0, backpressure = 0, slow = 0, fanoutShed = 0, inboundPauses = 0, underruns = 0;
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

    /**
     * Latency recorded since start, summed over groups.
     *
     * @param metric   which latency.
     * @param priority which class.
     * @return a copy, in nanoseconds.
     */
    public synchronized Histogram latency(final LatencyMetric metric, final Priority priority)
    {
        final Histogram total = latency[metric.ordinal() * Priority.COUNT + priority.ordinal()];
        for (final StreamGroupAgent g : groups)
        {
            g.recorders().drainInto(metric, priority, total);
        }
        return total.copy();
    }

    /**
     * Stop: refuse new publishes, deliver queued CONTROL and CRITICAL messages (BULK and IMPORTANT are
     * shed) for at most {@code stop_timeout_ms}, close every stream with 1001, then halt the group threads.
     * Idempotent.
     */
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
