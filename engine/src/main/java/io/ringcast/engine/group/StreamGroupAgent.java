package io.ringcast.engine.group;

import com.lmax.disruptor.EventPoller;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamHandler;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.StreamState;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.metrics.LatencyRecorders;
import io.ringcast.engine.ring.Envelope;
import io.ringcast.engine.ring.PriorityRings;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Map;

/**
 * The duty cycle of one stream group, on its own thread: drain the rings CONTROL, CRITICAL, IMPORTANT,
 * BULK (each up to its per-cycle budget, so a flood of one class delays the others by at most one budget
 * and never starves them), fire due pacing deadlines, then move queued messages of active streams to
 * their sinks. It owns every stream of its group (single writer): no locks on this path.
 */
public final class StreamGroupAgent implements Agent, EventPoller.Handler<Envelope>
{
    /** Active streams are serviced at least this often with nothing new (notices, slow-consumer timing). */
    private static final long SERVICE_INTERVAL_NANOS = 1_000_000;

    final TopicTable topics = new TopicTable();
    final LatencyRecorders recorders = new LatencyRecorders();
    final Counters counters = new Counters(GroupCounter.SIZE);
    /** Send completions of all this group's streams, bumped by the transports' threads. */
    final CompletionSignal sendCompletions = new CompletionSignal();
    private final int id;
    private final EngineConfig config;
    private final PriorityRings rings;
    private final int[] budgets;
    private final StreamHandler handler;
    private final Map<Long, Counters> registry;
    private final ErrorHandler errors;
    private final Runnable cycleEnd;
    private final Long2ObjectHashMap<GroupStream> sessions = new Long2ObjectHashMap<>();
    private final ArrayList<GroupStream> all = new ArrayList<>();
    private final ArrayList<GroupStream> active = new ArrayList<>();
    private final GroupTimers timers;
    private final FanoutBudget fanout;
    private long now;
    private long servicedCompletions;
    private long servicedAt;
    private int budget;
    private int polling;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile boolean drained;
    private boolean stopping;

    /**
     * @param id       group number.
     * @param config   engine configuration.
     * @param rings    this group's rings.
     * @param registry where per-stream counters are published for snapshots.
     * @param errors   the one sink for errors on this thread.
     */
    public StreamGroupAgent(final int id, final EngineConfig config, final PriorityRings rings,
        final Map<Long, Counters> registry,
        final ErrorHandler errors)
    {
        this.errors = errors;
        this.id = id;
        this.config = config;
        this.rings = rings;
        this.budgets = config.cycleBudgets();
        this.handler = config.handler();
        this.cycleEnd = config.cycleEnd();
        this.registry = registry;
        this.now = config.clock().nanoTime();
        this.timers = new GroupTimers(now, handler, errors);
        this.fanout = new FanoutBudget(config.fanoutPerSecond(), now);
    }

    @Override
    public String roleName()
    {
        return "ringcast-group-" + id;
    }

    @Override
    public int doWork() throws Exception
    {
        now = config.clock().nanoTime();
        try
        {
            int work = drainRings();
            work += timers.poll(now);
            // Active streams change only through this cycle's events and timers, their sends' completions, or time:
            // with none of those, walking them all (1,000 streams, a dozen idle spins a tick) would find nothing.
            final long completions = sendCompletions.count();
            if (work > 0 || completions != servicedCompletions || now - servicedAt >= SERVICE_INTERVAL_NANOS
                || stopDeadline != Long.MAX_VALUE)
            {
                servicedCompletions = completions;
                servicedAt = now;
                work += serviceActive();
            }
            if (stopDeadline != Long.MAX_VALUE)
            {
                stopStep();
            }
            return work;
        }
        finally
        {
            cycleEnd.run();
        }
    }

    private int drainRings() throws Exception
    {
        int work = 0;
        for (int p = 0; p < Priority.COUNT; p++)
        {
            budget = budgets[p];
            polling = p;
            if (rings.poll(p, this))
            {
                work += budgets[p] - Math.max(budget, 0);
            }
        }
        return work;
    }

    @Override
    public boolean onEvent(final Envelope event, final long sequence, final boolean endOfBatch)
    {
        final Priority priority = Priority.of(polling);
        recorders.record(LatencyMetric.QUEUE_WAIT, priority, now - event.publishNanos());
        try
        {
            dispatch(event, priority);
        }
        catch (final Throwable t)
        {
            onError(t);
        }
        finally
        {
            event.clear();
        }
        return --budget > 0;
    }

    private void dispatch(final Envelope e, final Priority priority)
    {
        switch (e.kind())
        {
            case TOPIC -> topics.fanOut(e.topic(), e.encoded(), priority, e.publishNanos(), fanout, now);
            case BROADCAST -> broadcast(e.text(), priority, e.publishNanos());
            case OPEN -> open(e.streamId(), e.sink(), e.attachment());
            default -> toStream(e, priority);
        }
    }

    private void broadcast(final String text, final Priority priority, final long publishNanos)
    {
        for (int i = all.size() - 1; i >= 0; i--)
        {
            final GroupStream s = all.get(i);
            if (fanout.take(priority, now))
            {
                s.sendText(priority, text, publishNanos);
            }
            else
            {
                s.shedFanout(priority);
            }
        }
    }

    /** An event for one open stream: CLOSE, INBOUND, SEND, AUDIO. */
    private void toStream(final Envelope e, final Priority priority)
    {
        final GroupStream s = sessions.get(e.streamId());
        if (s == null)
        {
            counters.add(GroupCounter.UNKNOWN_STREAM, 1);
            return;
        }
        switch (e.kind())
        {
            case INBOUND -> handler.onMessage(s, e.message());
            case SEND -> s.sendText(priority, e.text(), e.publishNanos());
            case AUDIO -> s.onAudio(e);
            case CLOSE -> s.close(e.closeCode(), e.reason());
            default -> throw new IllegalStateException("not an event for one stream: " + e.kind());
        }
    }

    private void open(final long streamId, final StreamSink sink, final Object attachment)
    {
        if (sessions.containsKey(streamId))
        {
            sink.close(1011, "duplicate stream id " + streamId);
            return;
        }
        final GroupStream s = new GroupStream(streamId, this, config, sink, attachment);
        sessions.put(streamId, s);
        all.add(s);
        registry.put(streamId, s.counters);
        counters.add(GroupCounter.CONNECTIONS, 1);
        counters.add(GroupCounter.STATES + StreamState.CONNECTED.ordinal(), 1);
        if (stopping)
        {
            s.close(1001, "server shutting down");
        }
    }

    private int serviceActive()
    {
        int work = 0;
        for (int i = active.size() - 1; i >= 0; i--)
        {
            final GroupStream s = active.get(i);
            try
            {
                work += s.service(now);
            }
            catch (final Throwable t)
            {
                onError(t);
                s.evict(1011, "internal error");
            }
            if (!s.needsService() && i < active.size() && active.get(i) == s)
            {
                final GroupStream last = active.remove(active.size() - 1);
                if (last != s)
                {
                    active.set(i, last);
                }
                s.active = false;
            }
        }
        return work;
    }

    private void stopStep()
    {
        if (!stopping)
        {
            stopping = true;
            for (int i = all.size() - 1; i >= 0; i--)
            {
                all.get(i).shedForStop();
            }
        }
        boolean done = true;
        for (int p = 0; p < Priority.COUNT && done; p++)
        {
            done = rings.depth(p) == 0;
        }
        for (int i = all.size() - 1; i >= 0 && done; i--)
        {
            done = all.get(i).drained();
        }
        if (done || now >= stopDeadline)
        {
            drained = true;
        }
    }

    /**
     * Ask the group to deliver what it must (CONTROL, CRITICAL) and report {@link #drained()}.
     *
     * @param deadlineNanos give up delivering after this time on the engine clock.
     */
    public void requestStop(final long deadlineNanos)
    {
        stopDeadline = deadlineNanos;
    }

    /** @return true once a requested stop has delivered everything it must, or timed out. */
    public boolean drained()
    {
        return drained;
    }

    @Override
    public void onClose()
    {
        for (int i = all.size() - 1; i >= 0; i--)
        {
            all.get(i).close(1001, "server shutting down");
        }
        cycleEnd.run();
    }

    // ---- for sessions ----

    GroupStream session(final long streamId)
    {
        return sessions.get(streamId);
    }

    long now()
    {
        return now;
    }

    boolean stopping()
    {
        return stopping;
    }

    StreamHandler handler()
    {
        return handler;
    }

    void markActive(final GroupStream s)
    {
        if (!s.active)
        {
            s.active = true;
            active.add(s);
        }
    }

    /**
     * Group thread: whether the thread may park until someone publishes: no timer pending (pacing, handler timers),
     * no stream with sends in flight or messages queued, no stop under way.
     */
    boolean mayParkLong()
    {
        return timers.isEmpty() && active.isEmpty() && stopDeadline == Long.MAX_VALUE;
    }

    /**
     * Group thread: whether a stream has something to hand over now that the cycle could not (messages queued behind
     * sends in flight, a notice pending): then completions must be polled soon, so parks stay short.
     */
    boolean hasReadyToSend()
    {
        for (int i = active.size() - 1; i >= 0; i--)
        {
            if (active.get(i).hasReadyToSend())
            {
                return true;
            }
        }
        return false;
    }

    /** @return true if a send completed since the active streams were last serviced. */
    boolean hasUnreapedCompletions()
    {
        return sendCompletions.count() != servicedCompletions;
    }

    /** @return true if any ring holds an event this thread has not read. */
    boolean hasPendingEvents()
    {
        for (int p = 0; p < Priority.COUNT; p++)
        {
            if (rings.depth(p) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the engine's clock, for a reading more precise than the cycle's {@link #now()}. */
    NanoClock clock()
    {
        return config.clock();
    }

    /** @return this group's timers (pacing deadlines, the handler's timers). */
    GroupTimers timers()
    {
        return timers;
    }

    void remove(final GroupStream s)
    {
        sessions.remove(s.id());
        all.remove(s);
        registry.remove(s.id());
        counters.add(GroupCounter.CONNECTIONS, -1);
    }

    void onError(final Throwable t)
    {
        errors.onError(t);
    }

    /** @return this group's latency recorders. */
    public LatencyRecorders recorders()
    {
        return recorders;
    }

    /** @return this group's counters ({@link GroupCounter} slots). */
    public Counters counters()
    {
        return counters;
    }
}
