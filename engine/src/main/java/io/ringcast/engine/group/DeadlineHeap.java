package io.ringcast.engine.group;

import org.agrona.DeadlineTimerWheel;

import java.util.Arrays;

/**
 * The earliest deadline of a group's timer wheel without walking it: a binary min-heap of (deadline, timer id), pushed
 * on every schedule and never updated on fire or cancel. An entry whose timer no longer has that deadline in the wheel
 * (fired, cancelled, or its id reused) is stale and is dropped when it reaches the top. The wheel's own walk
 * ({@link DeadlineTimerWheel#forEach}) visits every slot of every tick, about 262,000 of them with 1,000 streams
 * pacing (a tick's slots grow to its most timers): 12 % of the group thread's time, once per pacing tick.
 * <p>
 * Single-threaded (the group thread). Allocates only when it grows past its largest size so far.
 */
final class DeadlineHeap
{
    private long[] deadlines = new long[64];
    private long[] timerIds = new long[64];
    private int size;

    /** A timer was scheduled. */
    void add(final long deadline, final long timerId)
    {
        if (size == deadlines.length)
        {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            timerIds = Arrays.copyOf(timerIds, size * 2);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= deadline)
            {
                break;
            }
            deadlines[i] = deadlines[parent];
            timerIds[i] = timerIds[parent];
            i = parent;
        }
        deadlines[i] = deadline;
        timerIds[i] = timerId;
    }

    /** @return the earliest deadline of a timer still in {@code wheel}, or {@link Long#MAX_VALUE} with none. */
    long earliest(final DeadlineTimerWheel wheel)
    {
        while (size > 0)
        {
            if (wheel.deadline(timerIds[0]) == deadlines[0])
            {
                return deadlines[0];
            }
            removeTop();
        }
        return Long.MAX_VALUE;
    }

    /** @return entries held, stale ones included. */
    int size()
    {
        return size;
    }

    /** Drops every entry (the wheel was cleared). */
    void clear()
    {
        size = 0;
    }

    private void removeTop()
    {
        final int last = --size;
        if (last == 0)
        {
            return;
        }
        final long deadline = deadlines[last];
        final long timerId = timerIds[last];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && deadlines[child + 1] < deadlines[child])
            {
                child++;
            }
            if (deadline <= deadlines[child])
            {
                break;
            }
            deadlines[i] = deadlines[child];
            timerIds[i] = timerIds[child];
            i = child;
        }
        deadlines[i] = deadline;
        timerIds[i] = timerId;
    }
}
