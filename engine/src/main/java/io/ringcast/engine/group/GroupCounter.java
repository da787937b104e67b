package io.ringcast.engine.group;

import io.ringcast.engine.StreamState;
import io.ringcast.engine.metrics.StreamCounter;

/** Slots of a group's {@link io.ringcast.engine.metrics.Counters}: the stream slots, then group-only ones. */
public final class GroupCounter
{
    /** Open streams. */
    public static final int CONNECTIONS = StreamCounter.SIZE;
    /** First of the per-{@link StreamState} slots: streams now in each state (EVICTED, CLOSED: since start). */
    public static final int STATES = CONNECTIONS + 1;
    /** Events for streams that were already gone. */
    public static final int UNKNOWN_STREAM = STATES + StreamState.values().length;
    /** Topic and broadcast deliveries shed by the fan-out budget. */
    public static final int FANOUT_SHED = UNKNOWN_STREAM + 1;
    /** Number of slots. */
    public static final int SIZE = FANOUT_SHED + 1;

    private GroupCounter()
    {
    }
}
