package io.ringcast.gateway.session;

import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.protocol.MessageDecoder;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.topics.Topics;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/stream}: each upgraded connection becomes a {@link Session} and an engine stream, and gets
 * {@code ready} first. Past the connection limit a connection is closed at once with 1013.
 */
public final class StreamEndpoint implements WebSocketConnectionCallback
{
    /** Topics a verified token allows (null: any), put on the exchange by the handshake guard. */
    public static final AttachmentKey<Set<String>> ALLOWED_TOPICS = AttachmentKey.create(Set.class);
    /** When the verified token expires, epoch milliseconds (absent: never). */
    public static final AttachmentKey<Long> EXPIRES_AT = AttachmentKey.create(Long.class);

    private final Engine engine;
    private final MessageDecoder decoder;
    private final ServerMessages messages;
    private final InboundCounters counters;
    private final int maxConnections;
    private final int maxMessageBytes;
    private final int messagesPerSecond;
    private final int maxFusions;
    private final Topics topics;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedConnections = new AtomicLong();

    /**
     * @param engine            the engine.
     * @param decoder           inbound decoder.
     * @param messages          outbound encoder.
     * @param counters          gateway-wide inbound counters.
     * @param maxConnections    global connection limit.
     * @param maxMessageBytes   per-message limit (close 1009 above).
     * @param messagesPerSecond per-connection inbound rate.
     * @param maxFusions        fusion sessions per connection.
     * @param topics            where publishes go (this node and, with a relay, the others).
     */
    public StreamEndpoint(final Engine engine, final MessageDecoder decoder, final ServerMessages messages,
        final InboundCounters counters, final int maxConnections, final int maxMessageBytes, final int messagesPerSecond,
        final int maxFusions, final Topics topics)
    {
        this.topics = topics;
        this.maxFusions = maxFusions;
        this.engine = engine;
        this.decoder = decoder;
        this.messages = messages;
        this.counters = counters;
        this.maxConnections = maxConnections;
        this.maxMessageBytes = maxMessageBytes;
        this.messagesPerSecond = messagesPerSecond;
    }

    @Override
    public void onConnect(final WebSocketHttpExchange exchange, final WebSocketChannel channel)
    {
        if (open.incrementAndGet() > maxConnections)
        {
            open.decrementAndGet();
            refusedConnections.incrementAndGet();
            WebSockets.sendClose(new CloseMessage(1013, "connection limit reached"), channel, null);
            return;
        }
        final long streamId = ids.incrementAndGet();
        final Session session = new Session(streamId, "s-" + Long.toHexString(streamId), channel,
            exchange.getAttachment(ALLOWED_TOPICS), new RateLimiter(messagesPerSecond, System.nanoTime()));
        channel.addCloseTask(ch ->
        {
            open.decrementAndGet();
            engine.close(streamId, 1000, "connection closed");
        });
        if (!engine.open(streamId, new WebSocketSink(channel, messages, session.gate), session)
            || !engine.send(streamId, Priority.CONTROL, messages.ready(session.id, maxMessageBytes)))
        {
            refusedConnections.incrementAndGet();
            WebSockets.sendClose(new CloseMessage(1013, "gateway overloaded"), channel, null);
            return;
        }
        final Long expiresAt = exchange.getAttachment(EXPIRES_AT);
        if (expiresAt != null)
        {
            final long delay = Math.max(0, expiresAt - System.currentTimeMillis());
            channel.getIoThread().executeAfter(() -> engine.close(streamId, 1008, "token expired"), delay, TimeUnit.MILLISECONDS);
        }
        channel.getReceiveSetter().set(new InboundListener(session, engine, decoder, messages, counters, maxMessageBytes, maxFusions, topics));
        channel.resumeReceives();
    }

    /** @return connections open now. */
    public int openConnections()
    {
        return open.get();
    }

    /** @return connections refused (limit or overload) since start. */
    public long refusedConnections()
    {
        return refusedConnections.get();
    }
}
