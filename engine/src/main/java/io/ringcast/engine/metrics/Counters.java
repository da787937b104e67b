package io.ringcast.engine.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of long counters with one writer thread and any number of readers. The writer uses plain
 * arithmetic and a release store, the readers an acquire load: no locks, no allocation, no torn values.
 */
public final class Counters
{
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    /**
     * @param size number of counters.
     */
    public Counters(final int size)
    {
        values = new long[size];
    }

    /**
     * Writer thread only.
     *
     * @param slot  counter index.
     * @param delta amount to add (may be negative).
     */
    public void add(final int slot, final long delta)
    {
        SLOTS.setRelease(values, slot, values[slot] + delta);
    }

    /**
     * Writer thread only.
     *
     * @param slot  counter index.
     * @param value new value.
     */
    public void set(final int slot, final long value)
    {
        SLOTS.setRelease(values, slot, value);
    }

    /**
     * Any thread.
     *
     * @param slot counter index.
     * @return the latest value written.
     */
    public long get(final int slot)
    {
        return (long)SLOTS.getAcquire(values, slot);
    }
}
