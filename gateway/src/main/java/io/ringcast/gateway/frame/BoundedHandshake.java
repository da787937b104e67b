package io.ringcast.gateway.frame;

import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import org.xnio.StreamConnection;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The RFC 6455 (version 13) handshake only, creating {@link BoundedChannel}s. Undertow's default handler also
 * speaks the drafts 07 and 08, which RFC 6455 replaced; a client of version 8 is now answered 426.
 */
public final class BoundedHandshake extends Hybi13Handshake
{
    private final long maxMessageBytes;
    private final LongAdder framesParsed;

    /**
     * @param maxMessageBytes the largest message a client may send, in bytes (larger: close 1009).
     * @param framesParsed    counts every client frame header the channels parse.
     */
    public BoundedHandshake(final long maxMessageBytes, final LongAdder framesParsed)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.framesParsed = framesParsed;
    }

    @Override
    public WebSocketChannel createChannel(final WebSocketHttpExchange exchange, final StreamConnection channel,
        final ByteBufferPool pool)
    {
        final List<ExtensionFunction> extensions = initExtensions(exchange);
        return new BoundedChannel(channel, pool, getWebSocketLocation(exchange),
            exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), !extensions.isEmpty(),
            CompositeExtensionFunction.compose(extensions), exchange.getPeerConnections(), exchange.getOptions(),
            maxMessageBytes,
            framesParsed);
    }
}
