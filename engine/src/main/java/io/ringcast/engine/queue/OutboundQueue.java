package io.ringcast.engine.queue;

import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;

/**
 * A stream's bounded outbound queue: four FIFO lanes, drained in strict priority order. CRITICAL,
 * IMPORTANT and BULK share a bound by message count and by bytes; CONTROL has its own reserved lane.
 * <p>
 * Admission when the shared bound is reached: BULK is refused; IMPORTANT evicts the oldest BULK, else is
 * refused; CRITICAL evicts the oldest BULK, then the oldest IMPORTANT, and if that is not enough the
 * queue reports {@link #OVERFLOW} (the owner evicts the stream: CRITICAL is never lost silently). Above
 * {@code drop_bulk_threshold} BULK is refused outright. Single-threaded: the owning group thread only.
 */
public final class OutboundQueue
{
    /** {@link #lastResult()}: the message was admitted. */
    public static final int ADMITTED = 0;
    /** {@link #lastResult()}: refused by policy (BULK or IMPORTANT shed). */
    public static final int REFUSED = 1;
    /** {@link #lastResult()}: a CONTROL or CRITICAL message did not fit; the stream must be evicted. */
    public static final int OVERFLOW = 2;

    /** Told about every message that leaves the queue without being sent. */
    public interface Removal
    {
        /**
         * @param message the slot, still filled; valid during the call only.
         */
        void onRemoved(OutboundMessage message);
    }

    private final Lane[] lanes = new Lane[Priority.COUNT];
    private final int maxMessages;
    private final long maxBytes;
    private final double backpressureThreshold;
    private final double dropBulkThreshold;
    private final Removal dropped;
    private int count;
    private long bytes;
    private int controlCount;
    private long controlBytes;
    private int lastResult;

    /**
     * @param maxMessages          shared bound of CRITICAL, IMPORTANT and BULK, in messages.
     * @param maxBytes             shared bound in bytes.
     * @param controlMessages      size of the reserved CONTROL lane.
     * @param backpressure         fill above which the level is HIGH.
     * @param dropBulk             fill above which the level is CRITICAL and BULK is refused.
     * @param dropped              told of each message evicted to make room.
     */
    public OutboundQueue(final int maxMessages, final long maxBytes, final int controlMessages,
        final double backpressure, final double dropBulk, final Removal dropped)
    {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.backpressureThreshold = backpressure;
        this.dropBulkThreshold = dropBulk;
        this.dropped = dropped;
        lanes[0] = new Lane(controlMessages);
        for (int p = 1; p < Priority.COUNT; p++)
        {
            lanes[p] = new Lane(maxMessages);
        }
    }

    /**
     * Admit a message of the given size, evicting lower lanes if policy allows.
     *
     * @param priority lane.
     * @param size     bytes to count against the bound.
     * @return the slot to fill, or null if not admitted ({@link #lastResult()} says why).
     */
    public OutboundMessage offer(final Priority priority, final int size)
    {
        final int p = priority.ordinal();
        if (p == 0)
        {
            if (lanes[0].isFull())
            {
                lastResult = OVERFLOW;
                return null;
            }
            controlCount++;
            controlBytes += size;
            return admitted(lanes[0].claim(), priority, size);
        }
        if (p == Priority.BULK.ordinal() && (fill() > dropBulkThreshold || !fits(size)))
        {
            lastResult = REFUSED;
            return null;
        }
        for (int victim = Priority.BULK.ordinal(); !fits(size) && victim > p; victim--)
        {
            while (!fits(size) && lanes[victim].size() > 0)
            {
                final OutboundMessage old = lanes[victim].poll();
                release(old);
                dropped.onRemoved(old);
                old.reset();
            }
        }
        if (!fits(size))
        {
            lastResult = p == Priority.CRITICAL.ordinal() ? OVERFLOW : REFUSED;
            return null;
        }
        count++;
        bytes += size;
        return admitted(lanes[p].claim(), priority, size);
    }

    /** @return why the last {@link #offer} returned null, or {@link #ADMITTED}. */
    public int lastResult()
    {
        return lastResult;
    }

    /** @return messages in the CONTROL lane. */
    public int controlSize()
    {
        return lanes[0].size();
    }

    /** @return the highest-priority lane with a message, or -1 when empty. */
    public int nextLane()
    {
        for (int p = 0; p < Priority.COUNT; p++)
        {
            if (lanes[p].size() > 0)
            {
                return p;
            }
        }
        return -1;
    }

    /**
     * @param lane a lane ordinal.
     * @return its oldest message, or null.
     */
    public OutboundMessage peek(final int lane)
    {
        return lanes[lane].peek();
    }

    /**
     * Remove the oldest message of a lane after it was sent (its slot is reused later).
     *
     * @param lane a lane ordinal with a message.
     */
    public void pop(final int lane)
    {
        final OutboundMessage m = lanes[lane].poll();
        release(m);
        m.reset();
    }

    /**
     * Drop every message of a lane (slow-consumer shedding); each goes to the eviction listener.
     *
     * @param lane a lane ordinal.
     * @return number dropped.
     */
    public int shed(final int lane)
    {
        int n = 0;
        while (lanes[lane].size() > 0)
        {
            final OutboundMessage m = lanes[lane].poll();
            release(m);
            dropped.onRemoved(m);
            m.reset();
            n++;
        }
        return n;
    }

    /**
     * Take every queued audio frame out (pause, cancel), keeping the order of everything else.
     *
     * @param removed told of each frame before its slot is reused.
     * @return number of frames removed.
     */
    public int removeAudio(final Removal removed)
    {
        int n = 0;
        for (int p = 1; p < Priority.COUNT; p++)
        {
            n += lanes[p].removeAudio(m ->
            {
                release(m);
                removed.onRemoved(m);
                m.reset();
            });
        }
        return n;
    }

    /** @return messages queued in all lanes. */
    public int size()
    {
        return count + controlCount;
    }

    /** @return bytes queued in all lanes. */
    public long sizeBytes()
    {
        return bytes + controlBytes;
    }

    /** @return fill of the shared bound: the larger of message and byte fill, 0 to 1. */
    public double fill()
    {
        return Math.max((double)count / maxMessages, (double)bytes / maxBytes);
    }

    /** @return level by the configured thresholds. */
    public QueueLevel level()
    {
        final double fill = fill();
        return fill > dropBulkThreshold
            ? QueueLevel.CRITICAL
            : fill > backpressureThreshold ? QueueLevel.HIGH : QueueLevel.NORMAL;
    }

    private boolean fits(final int size)
    {
        // An empty queue takes one message of any size, so an oversized message is never stuck forever.
        return count == 0 || (count + 1 <= maxMessages && bytes + size <= maxBytes);
    }

    private void release(final OutboundMessage m)
    {
        if (m.priority == Priority.CONTROL)
        {
            controlCount--;
            controlBytes -= m.bytes;
        }
        else
        {
            count--;
            bytes -= m.bytes;
        }
    }

    private OutboundMessage admitted(final OutboundMessage m, final Priority priority, final int size)
    {
        lastResult = ADMITTED;
        m.priority = priority;
        m.bytes = size;
        return m;
    }
}
