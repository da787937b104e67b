package io.ringcast.engine.group;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * A group thread's idle strategy: spin briefly, then park until the group has something to do, and be woken by
 * whoever publishes to it. With nothing to pace and nothing in flight it parks long (a daemon with no audio costs
 * almost no CPU); while audio plays it parks until the next pacing deadline (at most {@link #TIMED_PARK_NANOS}),
 * so the thread wakes about once per pacing tick rather than every few tens of microseconds. While a stream's
 * queued messages wait for sends in flight to complete, it parks the same way and the next completion wakes it
 * ({@link CompletionSignal}); it used to poll for completions with parks of 1 to 100 us.
 * <p>
 * It never yields: on a host with fewer cores than busy threads a yield hands the core to another thread and comes
 * back as an involuntary context switch, which cost more CPU per audio frame than the park it was meant to save.
 * <p>
 * No event is missed (Dekker's pattern on volatiles): the group announces that it parks, then looks at its rings
 * once more; a publisher publishes, then looks whether the group parks and unparks it. One of the two sees the
 * other.
 */
public final class GroupIdleStrategy implements IdleStrategy
{
    /**
     * A timed park's bound: completions of sends in flight are reaped, and slow consumers judged, at least this often.
     * Far below {@code slow_send_ms}; a send's time is stamped by the transport, so reaping late does not stretch it.
     */
    static final long TIMED_PARK_NANOS = 10_000_000;
    private static final int SPINS = 16;
    /** A long park's bound: a lost wake-up (there should be none) costs at most this. */
    private static final long LONG_PARK_NANOS = 50_000_000;

    private final StreamGroupAgent agent;
    private volatile Thread owner;
    private volatile boolean parked;
    /** While {@link #parked}: whether a send completion should wake it (messages wait for sends in flight). */
    private volatile boolean awaitingCompletions;
    /** While {@link #parked}: whether it is a long park (nothing to pace, nothing in flight). */
    private volatile boolean parkedLong;
    private int spins;

    /** @param agent the group whose thread this strategy idles. */
    public GroupIdleStrategy(final StreamGroupAgent agent)
    {
        this.agent = agent;
        agent.sendCompletions.waiter(this);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (spins < SPINS)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (agent.mayParkLong())
        {
            parkUntilWoken(LONG_PARK_NANOS, false);
        }
        else
        {
            final long untilTimer = agent.timers().nanosToNext(agent.clock().nanoTime());
            if (untilTimer > 0)
            {
                parkUntilWoken(Math.min(untilTimer, TIMED_PARK_NANOS), agent.hasReadyToSend());
            }
        }
    }

    private void parkUntilWoken(final long nanos, final boolean forCompletions)
    {
        owner = Thread.currentThread();
        parkedLong = nanos > TIMED_PARK_NANOS;
        awaitingCompletions = forCompletions;
        parked = true;
        // Looked at after announcing the park: a publisher (or a completion) in between sees it and unparks.
        if (!agent.hasPendingEvents() && !(forCompletions && agent.hasUnreapedCompletions()))
        {
            LockSupport.parkNanos(this, nanos);
        }
        parked = false;
    }

    @Override
    public void reset()
    {
        spins = 0;
    }

    /** Any thread, after publishing to the group: wakes it if it parks. One volatile read when it does not. */
    public void wake()
    {
        if (parked)
        {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Any thread, after publishing an event that may wait for the group's next pacing deadline: wakes the group only if
     * it parks long. While audio plays (or sends are in flight) it parks at most {@link #TIMED_PARK_NANOS} and takes
     * the event then, before the deadline's frames: a chunk of an utterance that is already playing costs no wake-up
     * of its own.
     */
    public void wakeIfParkedLong()
    {
        if (parked && parkedLong)
        {
            LockSupport.unpark(owner);
        }
    }

    /** A transport's thread, after a send completed: wakes the group if it parks waiting for completions. */
    void wakeIfAwaitingCompletions()
    {
        if (parked && awaitingCompletions)
        {
            LockSupport.unpark(owner);
        }
    }

    @Override
    public String alias()
    {
        return "group-backoff";
    }
}
