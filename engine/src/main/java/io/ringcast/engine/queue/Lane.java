package io.ringcast.engine.queue;

/**
 * FIFO of reusable {@link OutboundMessage} slots over a power-of-two array that grows on demand up to a
 * capacity (so ten thousand idle streams cost little) and is then reused without allocation.
 */
final class Lane
{
    private static final int INITIAL = 8;

    private final int capacity;
    private OutboundMessage[] slots = new OutboundMessage[INITIAL];
    private int head;
    private int size;

    Lane(final int capacity)
    {
        this.capacity = capacity;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return size >= capacity;
    }

    /** Append a slot at the tail; the caller fills it. The lane must not be full. */
    OutboundMessage claim()
    {
        if (size == slots.length)
        {
            grow();
        }
        final int index = (head + size) & (slots.length - 1);
        OutboundMessage m = slots[index];
        if (m == null)
        {
            m = new OutboundMessage();
            slots[index] = m;
        }
        size++;
        return m;
    }

    OutboundMessage peek()
    {
        return size == 0 ? null : slots[head];
    }

    /** Remove the head; the returned slot stays valid until the next {@link #claim}. */
    OutboundMessage poll()
    {
        final OutboundMessage m = slots[head];
        head = (head + 1) & (slots.length - 1);
        size--;
        return m;
    }

    /**
     * Remove every audio frame, keeping the order of the rest; removed slots go to {@code removed} first.
     *
     * @return number removed.
     */
    int removeAudio(final OutboundQueue.Removal removed)
    {
        final int mask = slots.length - 1;
        int kept = 0;
        for (int read = 0; read < size; read++)
        {
            final int r = (head + read) & mask;
            final OutboundMessage m = slots[r];
            if (m.kind == io.ringcast.engine.OutboundKind.AUDIO)
            {
                removed.onRemoved(m);
            }
            else
            {
                // Every slot between kept and read was removed, so swapping keeps the order of the rest.
                final int w = (head + kept) & mask;
                slots[r] = slots[w];
                slots[w] = m;
                kept++;
            }
        }
        final int count = size - kept;
        size = kept;
        return count;
    }

    private void grow()
    {
        final OutboundMessage[] bigger = new OutboundMessage[slots.length << 1];
        for (int i = 0; i < size; i++)
        {
            bigger[i] = slots[(head + i) & (slots.length - 1)];
        }
        slots = bigger;
        head = 0;
    }
}
