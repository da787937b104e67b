package io.ringcast.engine.support;

import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamSink;
import io.ringcast.engine.group.StreamGroupAgent;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.metrics.StreamCounter;
import io.ringcast.engine.ring.PriorityRings;
import org.agrona.concurrent.CachedNanoClock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * One stream group run by hand on a manual clock: the test publishes what the engine's producers would, then moves
 * time and runs the group's duty cycle itself. Pacing arithmetic comes out exact and no test waits on the wall clock.
 */
public final class ManualGroup
{
    /** One millisecond in nanoseconds. */
    public static final long MS = 1_000_000L;
    /** Where the manual clock starts: any fixed point will do, a round one keeps the figures readable. */
    public static final long START = 1_000 * MS;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final Map<Long, Counters> registry = new ConcurrentHashMap<>();
    private final PriorityRings rings;
    private final StreamGroupAgent agent;

    /**
     * @param config the engine configuration; its clock is replaced by this group's manual one.
     */
    public ManualGroup(final EngineConfig config)
    {
        clock.update(START);
        final EngineConfig manual = config.toBuilder().groups(1).clock(clock).build();
        rings = new PriorityRings(manual.ringSizes());
        agent = new StreamGroupAgent(0, manual, rings, registry, t ->
        {
            throw new AssertionError("error on the group thread", t);
        });
    }

    /** @return the manual clock's reading, in nanoseconds. */
    public long now()
    {
        return clock.nanoTime();
    }

    /** Opens a stream, as {@code Engine.open} does, and runs one cycle so it exists. */
    public void open(final long streamId, final StreamSink sink)
    {
        final int p = Priority.CONTROL.ordinal();
        final long seq = claim(p);
        rings.slot(p, seq).open(streamId, sink, null);
        commit(p, seq);
        cycle();
    }

    /** Publishes an inbound message, as {@code Engine.inbound} does (it runs on the next cycle). */
    public void inbound(final long streamId, final Priority priority, final Object message)
    {
        final int p = priority.ordinal();
        final long seq = claim(p);
        rings.slot(p, seq).inbound(streamId, message);
        commit(p, seq);
    }

    /** Publishes synthesized audio, as {@code Engine.audio} does (it is taken on the next cycle). */
    public void audio(final long streamId, final int utterance, final byte[] pcm, final AudioChunk chunk)
    {
        final int p = Priority.IMPORTANT.ordinal();
        final long seq = claim(p);
        rings.slot(p, seq).audio(streamId, utterance, pcm, chunk);
        commit(p, seq);
    }

    /** Runs one duty cycle at the current time. */
    public void cycle()
    {
        try
        {
            agent.doWork();
        }
        catch (final Exception e)
        {
            throw new AssertionError("duty cycle failed", e);
        }
    }

    /**
     * Moves the clock forward in 1 ms steps, running a cycle at each, as a group thread that wakes every
     * millisecond would.
     */
    public void run(final long millis)
    {
        for (long i = 0; i < millis; i++)
        {
            clock.advance(MS);
            cycle();
        }
    }

    /**
     * Runs cycle by cycle (1 ms steps) until the condition holds.
     *
     * @return true if it held within {@code maxMillis} of manual time.
     */
    public boolean runUntil(final BooleanSupplier condition, final long maxMillis)
    {
        cycle();
        for (long i = 0; i < maxMillis && !condition.getAsBoolean(); i++)
        {
            clock.advance(MS);
            cycle();
        }
        return condition.getAsBoolean();
    }

    /** Moves the clock without running a cycle: the group thread was held (descheduled, or blocked in a handler). */
    public void hold(final long millis)
    {
        clock.advance(millis * MS);
    }

    /** @return the stream's count of true audio underruns. */
    public long underruns(final long streamId)
    {
        return registry.get(streamId).get(StreamCounter.UNDERRUNS);
    }

    private long claim(final int p)
    {
        final long seq = rings.tryClaim(p);
        if (seq < 0)
        {
            throw new AssertionError("ring " + Priority.of(p) + " is full");
        }
        return seq;
    }

    private void commit(final int p, final long seq)
    {
        rings.slot(p, seq).publishNanos(clock.nanoTime());
        rings.publish(p, seq);
    }
}
