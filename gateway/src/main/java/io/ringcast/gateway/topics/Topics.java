package io.ringcast.gateway.topics;

import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;

/**
 * Where the gateway publishes topic messages: this node's engine, and other nodes through the
 * {@link TopicRelay} when one is configured. Thread-safe; never blocks.
 */
public final class Topics
{
    private final Engine engine;
    private final TopicRelay relay;

    /**
     * @param engine this node's engine.
     * @param relay  the relay to other nodes, or null for a single node.
     */
    public Topics(final Engine engine, final TopicRelay relay)
    {
        this.engine = engine;
        this.relay = relay;
    }

    /**
     * @param topic    the topic.
     * @param priority ring and lane.
     * @param tail     the message's shared pre-encoded part.
     * @return false if a local ring was full (local subscribers miss it: a seq gap).
     */
    public boolean publish(final String topic, final Priority priority, final String tail)
    {
        final boolean local = engine.publish(topic, priority, tail);
        if (relay != null)
        {
            relay.offer(topic, priority, tail);
        }
        return local;
    }

    /** @return the relay, or null. */
    public TopicRelay relay()
    {
        return relay;
    }
}
