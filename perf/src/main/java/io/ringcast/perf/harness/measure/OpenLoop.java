package io.ringcast.perf.harness.measure;

import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An open-loop schedule: event {@code i} is due at {@code start + i * period}, whatever happened to earlier
 * events. The caller's thread fires each event with its intended time; when the thread falls behind (GC, a
 * stalled send) the late events fire at once, still carrying their intended times, so latency measured from
 * them includes the stall (coordinated omission correction). The sender's own lateness is kept as the
 * harness's scheduling overhead.
 */
public final class OpenLoop
{
    /** Fires one scheduled event. */
    @FunctionalInterface
    public interface Action
    {
        /**
         * @param index         event number from 0.
         * @param intendedNanos when it was due.
         */
        void fire(long index, long intendedNanos);
    }

    private final Histogram lagMicros = new Histogram(1, SeriesRecorder.HIGHEST_MICROS, 3);

    /**
     * Run the schedule on the calling thread.
     *
     * @param startNanos  when event 0 is due (System.nanoTime()).
     * @param periodNanos time between events (rate = 1e9 / period).
     * @param endNanos    no event is due at or after this.
     * @param stop        checked between events; true ends the run early.
     * @param action      fires one event.
     * @return the events fired.
     */
    public long run(final long startNanos, final double periodNanos, final long endNanos, final BooleanSupplier stop,
        final Action action)
    {
        long i = 0;
        while (!stop.getAsBoolean())
        {
            final long due = startNanos + (long)(i * periodNanos);
            if (due >= endNanos)
            {
                break;
            }
            long now = System.nanoTime();
            while (now < due)
            {
                // Park for most of the wait, then spin briefly: parking alone overshoots by ~50 µs.
                final long left = due - now;
                if (left > 200_000)
                {
                    LockSupport.parkNanos(left - 100_000);
                }
                else
                {
                    Thread.onSpinWait();
                }
                now = System.nanoTime();
            }
            lagMicros.recordValue(Math.min(SeriesRecorder.HIGHEST_MICROS, (now - due) / 1_000));
            action.fire(i, due);
            i++;
        }
        return i;
    }

    /** @return how late events fired versus their intended time, µs (the sender's own overhead). */
    public Histogram lagMicros()
    {
        return lagMicros;
    }
}
