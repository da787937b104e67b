package io.ringcast.gateway.fusion;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.engine.Stream;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.topics.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection's fusion sessions, on its group thread: opens, routes items, timers and provider answers
 * to the right {@link Fusion}, and answers what does not fit with the protocol's errors.
 */
public final class Fusions
{
    private final Engine engine;
    private final BridgeClient bridge;
    private final Topics topics;
    private final ServerMessages messages;
    private final String sessionId;
    private final Map<String, String> requests;
    private final FusionLimits limits;
    private final HashMap<String, Fusion> byId = new HashMap<>();
    private final HashMap<Long, Fusion> byToken = new HashMap<>();
    private long nextToken;

    /**
     * @param engine    the engine (answers travel back through its rings).
     * @param bridge    where windows go.
     * @param topics    where results for {@code publish_to} go.
     * @param messages  encoder.
     * @param sessionId the connection's session id (request ids, {@code from} of published results).
     * @param requests  the connection's open bridge requests, cancelled if it closes.
     * @param limits    bounds.
     */
    public Fusions(final Engine engine, final BridgeClient bridge, final Topics topics, final ServerMessages messages,
        final String sessionId, final Map<String, String> requests, final FusionLimits limits)
    {
        this.topics = topics;
        this.engine = engine;
        this.bridge = bridge;
        this.messages = messages;
        this.sessionId = sessionId;
        this.requests = requests;
        this.limits = limits;
    }

    /** fuse_open: acknowledged with {@code fuse_opened}. */
    public void open(final Stream stream, final ClientMessage.FuseOpen open)
    {
        if (byId.containsKey(open.id()))
        {
            error(stream, "duplicate_id", "fusion session '" + open.id() + "' is already open", open.id());
            return;
        }
        if (byId.size() >= limits.maxSessions())
        {
            error(stream, "bad_request", "too many fusion sessions (at most " + limits.maxSessions() + ")", open.id());
            return;
        }
        final Fusion f = new Fusion(open, ++nextToken, limits, this, stream.nanoTime());
        byId.put(f.id, f);
        byToken.put(f.token, f);
        stream.sendText(Priority.CONTROL, FusionMessages.opened(f.id));
        f.start(stream);
    }

    /** fuse_data: one item into the open window. */
    public void data(final Stream stream, final ClientMessage.FuseData data)
    {
        final Fusion f = byId.get(data.id());
        if (f == null)
        {
            error(stream, "unknown_id", "no open fusion session '" + data.id() + "'", data.id());
            return;
        }
        final String refused = f.onData(stream, data.stream(), data.data());
        if ("bad_request".equals(refused))
        {
            error(stream, refused, "stream '" + data.stream() + "' was not declared at fuse_open", data.id());
        }
        else if (refused != null)
        {
            error(stream, refused, "fusion item refused: the window is full or the provider is behind", data.id());
        }
    }

    /** fuse_close: the last window is flushed; {@code fuse_closed} follows its result. */
    public void close(final Stream stream, final ClientMessage.FuseClose close)
    {
        final Fusion f = byId.get(close.id());
        if (f == null)
        {
            error(stream, "unknown_id", "no open fusion session '" + close.id() + "'", close.id());
            return;
        }
        f.close(stream, stream.nanoTime(), close.items());
    }

    /** A window's time is up. */
    public void timer(final Stream stream, final long token, final long now)
    {
        final Fusion f = byToken.get(token);
        if (f != null)
        {
            f.onTimer(stream, now);
        }
    }

    /** A provider answered. */
    public void done(final Stream stream, final FusionDone done)
    {
        final Fusion f = byToken.get(done.token());
        if (f != null)
        {
            f.onDone(stream, done, stream.nanoTime());
        }
    }

    /** @return ids of the open fusion sessions. */
    public ArrayList<String> open()
    {
        return new ArrayList<>(byId.keySet());
    }

    /** @return items conflated so far, over the sessions still open. */
    public long conflated()
    {
        return byId.values().stream().mapToLong(f -> f.conflatedTotal).sum();
    }

    void remove(final Fusion f)
    {
        byId.remove(f.id);
        byToken.remove(f.token);
    }

    void rememberRequest(final String requestId)
    {
        requests.put(requestId, requestId);
    }

    void forgetRequest(final String requestId)
    {
        requests.remove(requestId);
    }

    Engine engine()
    {
        return engine;
    }

    BridgeClient bridge()
    {
        return bridge;
    }

    Topics topics()
    {
        return topics;
    }

    ServerMessages messages()
    {
        return messages;
    }

    String sessionId()
    {
        return sessionId;
    }

    private void error(final Stream stream, final String code, final String message, final String ref)
    {
        stream.sendText(Priority.CONTROL, messages.error(code, message, ref));
    }
}
