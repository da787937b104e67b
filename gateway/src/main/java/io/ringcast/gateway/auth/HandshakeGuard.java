package io.ringcast.gateway.auth;

import io.ringcast.gateway.session.StreamEndpoint;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Deque;

/**
 * Runs before the WebSocket upgrade: with a secret configured, a request without a valid token (header
 * {@code Authorization: Bearer TOKEN} or query {@code ?token=TOKEN}) gets HTTP 401 and never upgrades.
 * The token's expiry and topics travel to the session as exchange attachments.
 */
public final class HandshakeGuard implements HttpHandler
{
    private final TokenVerifier verifier;
    private final HttpHandler next;

    /**
     * @param verifier the verifier, or null when auth is off.
     * @param next     the WebSocket handshake handler.
     */
    public HandshakeGuard(final TokenVerifier verifier, final HttpHandler next)
    {
        this.verifier = verifier;
        this.next = next;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        if (verifier != null)
        {
            final TokenVerifier.Result result = verifier.verify(token(exchange));
            if (!result.ok())
            {
                exchange.setStatusCode(401);
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("401 unauthorized: " + result.reason() + "\n");
                return;
            }
            if (result.token().topics() != null)
            {
                exchange.putAttachment(StreamEndpoint.ALLOWED_TOPICS, result.token().topics());
            }
            exchange.putAttachment(StreamEndpoint.EXPIRES_AT, result.token().expiresAt());
        }
        next.handleRequest(exchange);
    }

    private static String token(final HttpServerExchange exchange)
    {
        final String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return header.substring(7).trim();
        }
        final Deque<String> query = exchange.getQueryParameters().get("token");
        return query == null ? null : query.peekFirst();
    }
}
