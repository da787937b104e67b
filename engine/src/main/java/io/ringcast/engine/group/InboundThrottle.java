package io.ringcast.engine.group;

import io.ringcast.engine.StreamSink;

/**
 * Read backpressure for one stream. The replies a peer asks for (pongs, acknowledgements) wait in its
 * CONTROL lane; a peer that asks faster than it reads would overflow the lane and be evicted. Once the lane
 * is half full the transport is told to stop reading that peer, so TCP pushes back on it instead; reading
 * resumes when the lane is down to an eighth. Owned by the stream's group thread.
 */
final class InboundThrottle
{
    private final int high;
    private final int low;
    private boolean paused;

    /** @param laneCapacity size of the CONTROL lane. */
    InboundThrottle(final int laneCapacity)
    {
        this.high = Math.max(1, laneCapacity / 2);
        this.low = laneCapacity / 8;
    }

    /**
     * @param depth messages now in the CONTROL lane.
     * @param sink  the stream's transport.
     * @return true when this call paused reading.
     */
    boolean update(final int depth, final StreamSink sink)
    {
        if (!paused && depth >= high)
        {
            paused = true;
            sink.pauseInbound();
            return true;
        }
        else if (paused && depth <= low)
        {
            paused = false;
            sink.resumeInbound();
        }
        return false;
    }
}
