package io.ringcast.gateway.stats;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.connection.InboundBudget;
import io.ringcast.gateway.connection.InboundCounters;
import io.ringcast.gateway.connection.StreamEndpoint;
import io.ringcast.gateway.topics.TopicRelay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where {@code /metrics} and {@code /stats} read from: the engine, the endpoint, the bridge, inbound counts. A package
 * of its own so that the HTTP handlers and the server that owns it both depend on it, not on each other.
 */
public final class GatewayStats implements InboundCounters
{
    private final AtomicLongArray inbound = new AtomicLongArray(Priority.COUNT);
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final LongAdder framesParsed = new LongAdder();
    private volatile Engine engine;
    private volatile StreamEndpoint endpoint;
    private volatile BridgeClient bridge;
    private volatile TopicRelay relay;
    private volatile InboundBudget inboundBudget;

    /**
     * Called once by the server at start, before anything reads.
     *
     * @param engine        the engine.
     * @param endpoint      the WebSocket endpoint.
     * @param bridge        the GPU bridge.
     * @param relay         the cross-node topic relay, or null on a single node.
     * @param inboundBudget the bytes connections may hold in partly received messages.
     */
    public void bind(final Engine engine, final StreamEndpoint endpoint, final BridgeClient bridge,
        final TopicRelay relay,
        final InboundBudget inboundBudget)
    {
        this.inboundBudget = inboundBudget;
        this.engine = engine;
        this.endpoint = endpoint;
        this.bridge = bridge;
        this.relay = relay;
    }

    /** @return the cross-node topic relay, or null on a single node. */
    public TopicRelay relay()
    {
        return relay;
    }

    @Override
    public void received(final Priority priority)
    {
        inbound.incrementAndGet(priority.ordinal());
    }

    @Override
    public void refused(final String code)
    {
        refusals.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** @return the engine. */
    public Engine engine()
    {
        return engine;
    }

    /** @return the WebSocket endpoint. */
    public StreamEndpoint endpoint()
    {
        return endpoint;
    }

    /** @return the bytes connections hold in partly received messages, and their bound. */
    public InboundBudget inboundBudget()
    {
        return inboundBudget;
    }

    /** @return the GPU bridge. */
    public BridgeClient bridge()
    {
        return bridge;
    }

    /** @return inbound messages accepted, per priority ordinal. */
    public long[] inbound()
    {
        final long[] out = new long[Priority.COUNT];
        for (int p = 0; p < Priority.COUNT; p++)
        {
            out[p] = inbound.get(p);
        }
        return out;
    }

    /**
     * @return client frame headers parsed since start, whole frames or not: those refused by their length, mask or
     *         opcode included, not those Undertow's own parser rejects (RSV bits, reserved opcodes, bad control
     * frames).
     */
    public long framesParsed()
    {
        return framesParsed.sum();
    }

    /** @return the counter behind {@link #framesParsed()}, for the frame channels. */
    public LongAdder framesParsedCounter()
    {
        return framesParsed;
    }

    /** @return refusals by error code. */
    public Map<String, LongAdder> refusals()
    {
        return refusals;
    }
}
