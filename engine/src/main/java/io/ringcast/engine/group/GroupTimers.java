package io.ringcast.engine.group;

import io.ringcast.engine.StreamHandler;
import org.agrona.DeadlineTimerWheel;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * A stream group's timers: its streams' pacing deadlines and the timers its handler sets, on one Agrona timer wheel of
 * 65.5 us ticks (pacing deadlines land well inside a millisecond), with a heap of deadlines so that the idle strategy
 * learns the earliest one without walking the wheel. Group thread only.
 */
final class GroupTimers implements DeadlineTimerWheel.TimerHandler
{
    /** Timers fired in one poll at most. */
    private static final int LIMIT = 4096;

    /** Timer id to what it is for: a GroupStream (its pacing) or a HandlerTimer. */
    private final Long2ObjectHashMap<Object> targets = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel wheel;
    private final DeadlineHeap deadlines = new DeadlineHeap();
    private final StreamHandler handler;
    private final ErrorHandler errors;

    /**
     * @param startNanos the group clock's time now.
     * @param handler    the engine's handler, for the timers it sets.
     * @param errors     where a timer's failure goes.
     */
    GroupTimers(final long startNanos, final StreamHandler handler, final ErrorHandler errors)
    {
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startNanos, 1L << 16, 1024);
        this.handler = handler;
        this.errors = errors;
    }

    /** A timer set by the handler through {@link io.ringcast.engine.Stream#scheduleTimer}. */
    private record HandlerTimer(GroupStream session, long token)
    {
    }

    /** @return whether no timer is pending. */
    boolean isEmpty()
    {
        return wheel.timerCount() == 0;
    }

    /** Fires every timer due at {@code now}. @return how many fired. */
    int poll(final long now)
    {
        if (wheel.timerCount() == 0)
        {
            wheel.currentTickTime(now);
            return 0;
        }
        int expired = 0;
        // poll() expires the current tick's due timers, then moves at most one tick on: catch up with the clock tick
        // by tick, and poll the tick it lands on too (stopping once reached, not polled, left a due timer for the
        // next cycle).
        long tickEnd;
        do
        {
            tickEnd = wheel.currentTickTime();
            expired += wheel.poll(now, this, LIMIT - expired);
        }
        while (wheel.currentTickTime() != tickEnd && expired < LIMIT && wheel.timerCount() > 0);
        if (expired > 0)
        {
            deadlines.earliest(wheel); // drops the fired ones now, so a thread that never idles keeps the heap small
        }
        return expired;
    }

    @Override
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final Object target = targets.remove(timerId);
        try
        {
            if (target instanceof GroupStream s)
            {
                s.onTimer(now);
            }
            else if (target instanceof HandlerTimer h && !h.session.closed)
            {
                handler.onTimer(h.session, h.token, now);
            }
        }
        catch (final Throwable t)
        {
            errors.onError(t);
        }
        return true;
    }

    /**
     * @return nanoseconds from {@code time} until the earliest pending deadline (0 when due or passed), or
     *         {@link Long#MAX_VALUE} with no timer.
     */
    long nanosToNext(final long time)
    {
        if (wheel.timerCount() == 0)
        {
            deadlines.clear();
            return Long.MAX_VALUE;
        }
        return Math.max(0, deadlines.earliest(wheel) - time);
    }

    /** @return the id of a timer that paces {@code s} at {@code deadline}. */
    long schedule(final GroupStream s, final long deadline)
    {
        return add(deadline, s);
    }

    /** @return the id of a timer that calls the handler's {@code onTimer} for {@code s} with {@code token}. */
    long scheduleForHandler(final GroupStream s, final long deadline, final long token)
    {
        return add(deadline, new HandlerTimer(s, token));
    }

    private long add(final long deadline, final Object target)
    {
        final long timerId = wheel.scheduleTimer(deadline);
        deadlines.add(deadline, timerId);
        targets.put(timerId, target);
        return timerId;
    }

    /** @return whether the timer was pending (it will not fire). */
    boolean cancel(final long timerId)
    {
        targets.remove(timerId);
        return wheel.cancelTimer(timerId);
    }
}
