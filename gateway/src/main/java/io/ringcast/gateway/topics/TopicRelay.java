package io.ringcast.gateway.topics;

import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries topic messages between gateways over Redis pub/sub (channel {@code ringcast:topic:NAME}), so a
 * publish reaches subscribers on every node. Publishing never blocks the caller: messages go through a
 * bounded queue to a publisher thread (a full queue drops and counts). A subscriber thread re-publishes
 * other nodes' messages into the local engine and skips its own. If Redis goes away both threads retry
 * with backoff and local delivery goes on; cross-node delivery is best effort, like BULK.
 */
public final class TopicRelay implements AutoCloseable
{
    /** Channel prefix. */
    public static final String PREFIX = "ringcast:topic:";

    private static final Logger LOG = LoggerFactory.getLogger(TopicRelay.class);
    private static final int QUEUE = 16_384;
    private static final long MAX_BACKOFF_MS = 2_000;

    private record Outgoing(String topic, Priority priority, String tail)
    {
    }

    private final String uri;
    private final TopicRedis redis;
    private final Engine engine;
    private final String node = UUID.randomUUID().toString();
    private final ArrayBlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Thread publisher;
    private final Thread subscriber;
    private final JedisPubSub listener = new Listener();
    private volatile boolean running = true;
    private volatile boolean subscribed;

    /**
     * @param uri    {@code redis://HOST:PORT}.
     * @param engine where other nodes' messages are published.
     */
    public TopicRelay(final String uri, final Engine engine)
    {
        this.redis = new TopicRedis(uri); // fails fast on a malformed URI
        this.uri = uri;
        this.engine = engine;
        this.publisher = new Thread(this::publishLoop, "ringcast-topic-relay-out");
        this.subscriber = new Thread(this::subscribeLoop, "ringcast-topic-relay-in");
        publisher.setDaemon(true);
        subscriber.setDaemon(true);
        publisher.start();
        subscriber.start();
    }

    /**
     * Relay a message published on this node; never blocks.
     *
     * @return false if the relay queue is full (dropped, counted).
     */
    public boolean offer(final String topic, final Priority priority, final String tail)
    {
        if (outgoing.offer(new Outgoing(topic, priority, tail)))
        {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    private void publishLoop()
    {
        long backoff = 50;
        while (running)
        {
            try (RedisClient client = redis.publisher())
            {
                while (running)
                {
                    final Outgoing m = outgoing.poll(100, TimeUnit.MILLISECONDS);
                    if (m != null)
                    {
                        client.publish(PREFIX + m.topic(), node + '\n' + m.priority().ordinal() + '\n' + m.tail());
                        published.incrementAndGet();
                        backoff = 50;
                    }
                }
            }
            catch (final InterruptedException e)
            {
                return;
            }
            catch (final RuntimeException e)
            {
                backoff = failed("publishing", e, backoff);
            }
        }
    }

    private void subscribeLoop()
    {
        long backoff = 50;
        while (running)
        {
            try (RedisClient client = redis.subscriber())
            {
                client.psubscribe(listener, PREFIX + "*");
                backoff = 50;
            }
            catch (final RuntimeException e)
            {
                subscribed = false;
                backoff = failed("subscribing", e, backoff);
            }
        }
    }

    private long failed(final String what, final RuntimeException e, final long backoff)
    {
        if (!running)
        {
            return backoff;
        }
        errors.incrementAndGet();
        LOG.warn("topic relay: {} on {} failed ({}); retrying in {} ms, local delivery unaffected", what, uri,
            e.getMessage(), backoff);
        try
        {
            Thread.sleep(backoff);
        }
        catch (final InterruptedException ie)
        {
            Thread.currentThread().interrupt();
        }
        return Math.min(MAX_BACKOFF_MS, backoff * 2);
    }

    /** @return true while subscribed to other nodes' messages. */
    public boolean connected()
    {
        return subscribed;
    }

    /** @return messages sent to Redis. */
    public long published()
    {
        return published.get();
    }

    /** @return messages received from other nodes. */
    public long received()
    {
        return received.get();
    }

    /** @return messages dropped because the relay queue was full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** @return Redis errors (each followed by a retry). */
    public long errors()
    {
        return errors.get();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            if (subscribed)
            {
                listener.punsubscribe();
            }
        }
        catch (final RuntimeException ignored)
        {
            // already gone with its connection
        }
        publisher.interrupt();
        try
        {
            publisher.join(1_000);
            subscriber.join(1_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener extends JedisPubSub
    {
        @Override
        public void onPSubscribe(final String pattern, final int count)
        {
            subscribed = true;
        }

        @Override
        public void onPMessage(final String pattern, final String channel, final String message)
        {
            final int first = message.indexOf('\n');
            final int second = message.indexOf('\n', first + 1);
            if (first < 0 || second < 0 || message.regionMatches(0, node, 0, node.length()) && first == node.length())
            {
                return; // our own message (already delivered locally), or not ours to read
            }
            final int priority = message.charAt(first + 1) - '0';
            if (priority < 0 || priority >= Priority.COUNT)
            {
                return;
            }
            received.incrementAndGet();
            engine.publish(channel.substring(PREFIX.length()), Priority.of(priority), message.substring(second + 1));
        }
    }
}
