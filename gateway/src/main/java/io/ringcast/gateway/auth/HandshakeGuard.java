package io.ringcast.gateway.auth;

import io.ringcast.gateway.connection.StreamEndpoint;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Deque;
import java.util.Set;

/**
 * Runs before the WebSocket upgrade: a request that is not a valid RFC 6455 opening handshake gets 400 (or
 * 426 with {@code Sec-WebSocket-Version: 13} for another version, see {@link UpgradeRequest}); a browser
 * Origin outside the allow-list gets HTTP 403; with a secret
 * configured, a request without a valid token (header {@code Authorization: Bearer TOKEN} or query
 * {@code ?token=TOKEN}) gets HTTP 401. Either way it never upgrades.
 * The token's expiry and topics travel to the session as exchange attachments.
 */
public final class HandshakeGuard implements HttpHandler
{
    private final TokenVerifier verifier;
    private final Set<String> allowedOrigins;
    private final HttpHandler next;

    /**
     * @param verifier       the verifier, or null when auth is off.
     * @param allowedOrigins Origins browsers may connect from, or null for any.
     * @param next           the WebSocket handshake handler.
     */
    public HandshakeGuard(final TokenVerifier verifier, final Set<String> allowedOrigins, final HttpHandler next)
    {
        this.verifier = verifier;
        this.allowedOrigins = allowedOrigins;
        this.next = next;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        final UpgradeRequest.Problem problem = UpgradeRequest.check(exchange);
        if (problem != null)
        {
            if (problem.status() == 426)
            {
                exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, "13");
            }
            refuse(exchange, problem.status(), problem.reason());
            return;
        }
        final String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (allowedOrigins != null && origin != null && !allowedOrigins.contains(origin))
        {
            refuse(exchange, 403, "origin not allowed"); // not the Origin itself: the body must not echo the request
            return;
        }
        if (verifier != null)
        {
            final TokenVerifier.Result result = verifier.verify(token(exchange));
            if (!result.ok())
            {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                refuse(exchange, 401, "unauthorized: " + result.reason()); // one of a few fixed reasons
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

    /** A fixed text body (no part of the request in it), never sniffed as HTML by a browser. */
    static void refuse(final HttpServerExchange exchange, final int status, final String why)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(status + " " + why + "\n");
    }

    static String token(final HttpServerExchange exchange)
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
