package io.ringcast.gateway.auth;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * An HTTP endpoint that needs a valid token ({@code Authorization: Bearer TOKEN} or {@code ?token=TOKEN}):
 * with {@code --protect-metrics}, {@code /metrics} and {@code /stats}, which tell a stranger how loaded the
 * gateway is and which sessions it holds. Without a verifier it lets every request through.
 */
public final class TokenGuard implements HttpHandler
{
    private final TokenVerifier verifier;
    private final HttpHandler next;

    /**
     * @param verifier the verifier, or null to guard nothing.
     * @param next     the protected handler.
     */
    public TokenGuard(final TokenVerifier verifier, final HttpHandler next)
    {
        this.verifier = verifier;
        this.next = next;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        if (verifier != null && !verifier.verify(HandshakeGuard.token(exchange)).ok())
        {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            HandshakeGuard.refuse(exchange, 401, "unauthorized: a valid token is required");
            return;
        }
        next.handleRequest(exchange);
    }
}
