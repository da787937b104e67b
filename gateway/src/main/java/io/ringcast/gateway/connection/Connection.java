package io.ringcast.gateway.connection;

import io.ringcast.gateway.fusion.Fusions;
import io.ringcast.gateway.protocol.RingOrder;
import io.undertow.websockets.core.WebSocketChannel;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket connection's gateway-side state, attached to its engine stream. Fields are written by
 * the thread noted on each; the rest is immutable.
 */
public final class Connection
{
    final long streamId;
    final String id;
    final WebSocketChannel channel;
    /** Topics the token allows, or null for any. */
    final Set<String> allowedTopics;
    /** Open synthesis requests, client id to bridge request id: put on the group thread, removed on bridge threads. */
    final ConcurrentHashMap<String, String> requests = new ConcurrentHashMap<>();
    /** IO thread only. */
    final RateLimiter rate;
    /** Read backpressure: counted by the IO thread and the group thread. */
    final InboundGate gate;
    /** When the last rate_limited error was sent: IO thread only. */
    long lastRateLimitedNanos = Long.MIN_VALUE / 2;
    /** Fusion sessions declared by this connection: IO thread only. */
    final HashMap<String, DeclaredFusion> declaredFusions = new HashMap<>();
    /** Keeps each cancel behind the speaks routed before it (IO thread routes, group thread handles). */
    final RingOrder speaks = new RingOrder();
    /** Cancels that overtook their speak (id to the stamp they wait for): group thread only. */
    final HashMap<String, Long> earlyCancels = new HashMap<>();
    /** Group thread: the utterance whose played audio is being counted, and bytes not yet returned as credit. */
    int creditUtterance;
    int creditPending;
    /** Group thread: the bridge request id of {@link #creditUtterance}, or null before the first credit. */
    String creditRequestId;
    /** Fusion state, created at the first fuse_open: group thread only. */
    Fusions fusions;

    Connection(final long streamId, final String id, final WebSocketChannel channel, final Set<String> allowedTopics,
        final RateLimiter rate)
    {
        this.streamId = streamId;
        this.id = id;
        this.channel = channel;
        this.allowedTopics = allowedTopics;
        this.rate = rate;
        this.gate = new InboundGate(channel);
    }

    /** @return the session id announced in {@code ready}. */
    public String id()
    {
        return id;
    }

    /** @return its engine stream id. */
    public long streamId()
    {
        return streamId;
    }

    /** What the IO thread knows of a fusion session: its streams' policies and the items it routed. */
    static final class DeclaredFusion
    {
        final Map<String, Boolean> latestByStream = new HashMap<>();
        /** Keeps the fuse_close behind the items routed before it (IO thread routes, group thread handles). */
        final RingOrder items = new RingOrder();
    }

    boolean mayUse(final String topic)
    {
        return allowedTopics == null || allowedTopics.contains(topic);
    }
}
