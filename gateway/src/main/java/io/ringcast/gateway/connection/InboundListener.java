package io.ringcast.gateway.connection;

import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.protocol.ClientMessage;
import io.ringcast.gateway.protocol.Decoded;
import io.ringcast.gateway.protocol.MessageDecoder;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.topics.Topics;

/**
 * One connection's inbound messages, on its Undertow IO thread ({@link FrameReader} has bounded their size
 * and handled the frame layer): rate limit, decoding, topic
 * authorization, then a non-blocking publish into the engine ring of the message's priority. Nothing here
 * waits; a full ring is answered {@code overloaded}. Bad input gets an {@code error} (or the close code
 * docs/protocol.md gives) and harms no other session.
 */
final class InboundListener implements FrameReader.Inbound
{
    private static final long RATE_LIMITED_NOTICE_NANOS = 250_000_000L;

    private final Connection connection;
    private final Engine engine;
    private final MessageDecoder decoder;
    private final ServerMessages messages;
    private final InboundCounters counters;
    private final int maxFusions;
    private final Topics topics;

    InboundListener(final Connection connection, final Engine engine, final MessageDecoder decoder,
        final ServerMessages messages,
        final InboundCounters counters, final int maxFusions, final Topics topics)
    {
        this.topics = topics;
        this.maxFusions = maxFusions;
        this.connection = connection;
        this.engine = engine;
        this.decoder = decoder;
        this.messages = messages;
        this.counters = counters;
    }

    @Override
    public void onText(final String text)
    {
        final long now = System.nanoTime();
        if (!connection.rate.tryAcquire(now))
        {
            counters.refused("rate_limited");
            // One error per interval, not one per message: a flood must not fill the CONTROL lane with replies.
            if (now - connection.lastRateLimitedNanos >= RATE_LIMITED_NOTICE_NANOS)
            {
                connection.lastRateLimitedNanos = now;
                engine.send(connection.streamId, Priority.CONTROL, messages.error("rate_limited",
                    "more messages per second than this connection may send; excess messages are dropped", null));
            }
            return;
        }
        final Decoded decoded = decoder.decode(text);
        if (!decoded.isOk())
        {
            refuse(decoded.errorCode(), decoded.errorMessage(), decoded.ref());
            return;
        }
        route(decoded.message());
    }

    private void route(final ClientMessage m)
    {
        if (m instanceof ClientMessage.FuseOpen || m instanceof ClientMessage.FuseData
            || m instanceof ClientMessage.FuseClose)
        {
            routeFusion(m);
            return;
        }
        if (m instanceof ClientMessage.Publish publish)
        {
            if (!connection.mayUse(publish.topic()))
            {
                refuse("unauthorized_topic", "the token does not allow topic '" + publish.topic() + "'", null);
                return;
            }
            counters.received(publish.priority());
            if (!topics.publish(publish.topic(), publish.priority(),
                messages.topicTail(publish.topic(), connection.id, publish.data())))
            {
                refuse("overloaded", "publish refused: the gateway is overloaded", null);
            }
            return;
        }
        if (m instanceof ClientMessage.Subscribe subscribe)
        {
            for (final String topic : subscribe.topics())
            {
                if (!connection.mayUse(topic))
                {
                    refuse("unauthorized_topic", "the token does not allow topic '" + topic + "'", null);
                    return;
                }
            }
        }
        final ClientMessage message =
            m instanceof ClientMessage.Cancel cancel ? cancel.after(connection.speaks.stamp()) : m;
        counters.received(message.ring());
        if (!publish(message))
        {
            refuse("overloaded", "the gateway is overloaded; try again",
                message instanceof ClientMessage.Speak s ? s.id() : null);
        }
        else if (message instanceof ClientMessage.Speak)
        {
            connection.speaks.routed();
        }
    }

    /** Fusion bookkeeping the IO thread can do alone: which ids and streams exist, and so each item's ring. */
    private void routeFusion(final ClientMessage m)
    {
        ClientMessage message = m;
        Connection.DeclaredFusion counted = null;
        if (m instanceof ClientMessage.FuseOpen open)
        {
            if (connection.declaredFusions.containsKey(open.id()))
            {
                refuse("duplicate_id", "fusion session '" + open.id() + "' is already open", open.id());
                return;
            }
            if (connection.declaredFusions.size() >= maxFusions)
            {
                refuse("bad_request", "too many fusion sessions (at most " + maxFusions + ")", open.id());
                return;
            }
            if (open.publishTo() != null && !connection.mayUse(open.publishTo()))
            {
                refuse("unauthorized_topic", "the token does not allow topic '" + open.publishTo() + "'", open.id());
                return;
            }
            final Connection.DeclaredFusion declared = new Connection.DeclaredFusion();
            open.streams().forEach(s -> declared.latestByStream.put(s.name(), s.latest()));
            connection.declaredFusions.put(open.id(), declared);
            message = open.ordered(declared.items);
        }
        else if (m instanceof ClientMessage.FuseData data)
        {
            final Connection.DeclaredFusion declared = connection.declaredFusions.get(data.id());
            final Boolean latest = declared == null ? null : declared.latestByStream.get(data.stream());
            if (declared == null)
            {
                refuse("unknown_id", "no open fusion session '" + data.id() + "'", data.id());
                return;
            }
            if (latest == null)
            {
                refuse("bad_request", "stream '" + data.stream() + "' was not declared at fuse_open", data.id());
                return;
            }
            declared.items.routed();
            counted = declared;
            message = data.on(latest ? Priority.BULK : Priority.IMPORTANT);
        }
        else
        {
            final ClientMessage.FuseClose close = (ClientMessage.FuseClose)m;
            final Connection.DeclaredFusion declared = connection.declaredFusions.remove(close.id());
            if (declared == null)
            {
                refuse("unknown_id", "no open fusion session '" + close.id() + "'", close.id());
                return;
            }
            message = close.after(declared.items.stamp());
        }
        counters.received(message.ring());
        if (!publish(message))
        {
            if (m instanceof ClientMessage.FuseOpen open)
            {
                connection.declaredFusions.remove(open.id());
            }
            if (counted != null)
            {
                counted.items.unrouted();
            }
            refuse("overloaded", "the gateway is overloaded; try again", null);
        }
    }

    /** Publishes into the engine, counted by the connection's gate until the group thread has handled it. */
    private boolean publish(final ClientMessage message)
    {
        connection.gate.published();
        if (engine.inbound(connection.streamId, message.ring(), message))
        {
            return true;
        }
        connection.gate.handled();
        return false;
    }

    private void refuse(final String code, final String message, final String ref)
    {
        counters.refused(code);
        engine.send(connection.streamId, Priority.CONTROL, messages.error(code, message, ref));
    }

    @Override
    public void onClientClose()
    {
        engine.close(connection.streamId, 1000, "client closed");
    }

    @Override
    public void onFailed(final int code, final String reason)
    {
        counters.refused(refusal(code));
        engine.close(connection.streamId, code, reason); // the close frame is already on its way: this ends the stream
    }

    /** The refusal counter a failed connection is counted under (/metrics {@code ringcast_refusals}). */
    private static String refusal(final int code)
    {
        return switch (code)
        {
            case 1002 -> "protocol_error";
            case 1003 -> "binary";
            case 1007 -> "invalid_utf8";
            case 1009 -> "too_large";
            case 1013 -> "inbound_buffers_full";
            default -> "connection_error";
        };
    }
}
