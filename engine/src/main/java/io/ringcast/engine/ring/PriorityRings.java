package io.ringcast.engine.ring;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.ringcast.engine.Priority;

/**
 * One stream group's four multi-producer rings, one per {@link Priority}, each drained by an
 * {@link EventPoller} on the group thread. Producers claim a slot without blocking ({@link #tryClaim}),
 * fill it, then {@link #publish} it; a full ring is a return value, never a wait.
 */
public final class PriorityRings
{
    private final RingBuffer<Envelope>[] rings;
    private final EventPoller<Envelope>[] pollers;

    /**
     * @param sizes slots per ring by priority ordinal, powers of two.
     */
    @SuppressWarnings("unchecked")
    public PriorityRings(final int[] sizes)
    {
        rings = (RingBuffer<Envelope>[])new RingBuffer<?>[Priority.COUNT];
        pollers = (EventPoller<Envelope>[])new EventPoller<?>[Priority.COUNT];
        for (int p = 0; p < Priority.COUNT; p++)
        {
            // Pollers never wait in the ring's strategy; Yielding has the cheapest publish (no signalling).
            rings[p] = RingBuffer.createMultiProducer(Envelope::new, sizes[p], new YieldingWaitStrategy());
            pollers[p] = rings[p].newPoller();
            // Without this gate producers would overwrite events the poller has not read yet.
            rings[p].addGatingSequences(pollers[p].getSequence());
        }
    }

    /**
     * Claim the next slot of a ring, without blocking.
     *
     * @param priority which ring.
     * @return the claimed sequence, or -1 if the ring is full.
     */
    public long tryClaim(final int priority)
    {
        try
        {
            return rings[priority].tryNext();
        }
        catch (final InsufficientCapacityException full)
        {
            return -1;
        }
    }

    /**
     * @param priority which ring.
     * @param sequence a sequence from {@link #tryClaim}.
     * @return the slot to fill.
     */
    public Envelope slot(final int priority, final long sequence)
    {
        return rings[priority].get(sequence);
    }

    /**
     * Make a filled slot visible to the group thread. Every claimed sequence must be published.
     *
     * @param priority which ring.
     * @param sequence the claimed sequence.
     */
    public void publish(final int priority, final long sequence)
    {
        rings[priority].publish(sequence);
    }

    /**
     * Group thread only: hand waiting events of one ring to the handler until it returns false.
     *
     * @param priority which ring.
     * @param handler  returns false to stop after the current event.
     * @return true if at least one event was handled.
     * @throws Exception what the handler threw (the event still counts as consumed).
     */
    public boolean poll(final int priority, final EventPoller.Handler<Envelope> handler) throws Exception
    {
        return pollers[priority].poll(handler) == EventPoller.PollState.PROCESSING;
    }

    /**
     * @param priority which ring.
     * @return events published so far into that ring.
     */
    public long published(final int priority)
    {
        return rings[priority].getCursor() + 1;
    }

    /**
     * @param priority which ring.
     * @return events waiting to be read (approximate while producers run).
     */
    public long depth(final int priority)
    {
        return Math.max(0, rings[priority].getCursor() - pollers[priority].getSequence().get());
    }
}
