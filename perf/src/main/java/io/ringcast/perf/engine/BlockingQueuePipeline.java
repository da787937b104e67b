package io.ringcast.perf.engine;

import io.ringcast.engine.Priority;
import org.HdrHistogram.Histogram;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The baseline: what one writes without the engine. A {@link PriorityBlockingQueue} (bounded here at the
 * engine's ring size so producers cannot run ahead of the consumer) and one consumer thread.
 */
final class BlockingQueuePipeline implements Pipeline
{
    private static final int CAPACITY = 16_384;
    private static final int PAD = 16;

    private record Message(int priority, long seq, int stream, String text,
        long publishNanos) implements Comparable<Message>
    {
        @Override
        public int compareTo(final Message o)
        {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityBlockingQueue<Message> queue = new PriorityBlockingQueue<>(CAPACITY);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLongArray delivered = new AtomicLongArray(STREAMS * PAD);
    private final Histogram latency = new Histogram(3);
    private final Thread consumer;
    private volatile boolean running = true;

    BlockingQueuePipeline()
    {
        consumer = new Thread(this::consume, "baseline-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @Override
    public boolean offer(final int stream, final Priority priority, final String text)
    {
        if (queue.size() >= CAPACITY)
        {
            return false;
        }
        return queue
            .offer(new Message(priority.ordinal(), sequence.getAndIncrement(), stream, text, System.nanoTime()));
    }

    private void consume()
    {
        while (running)
        {
            try
            {
                final Message m = queue.poll(1, TimeUnit.MILLISECONDS);
                if (m != null)
                {
                    delivered.lazySet(m.stream * PAD, delivered.get(m.stream * PAD) + 1);
                    synchronized (latency)
                    {
                        latency.recordValue(Math.max(1, System.nanoTime() - m.publishNanos));
                    }
                }
            }
            catch (final InterruptedException e)
            {
                return;
            }
        }
    }

    @Override
    public long delivered(final int stream)
    {
        return delivered.get(stream * PAD);
    }

    @Override
    public void latency(final Histogram into)
    {
        synchronized (latency)
        {
            into.reset();
            into.add(latency);
        }
    }

    @Override
    public void close()
    {
        running = false;
        consumer.interrupt();
    }
}
