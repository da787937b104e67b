package io.ringcast.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: {@code 200 ok} while accepting connections, {@code 503} while starting or draining. */
public final class HealthHandler implements HttpHandler
{
    private final BooleanSupplier accepting;

    /** @param accepting true while the gateway accepts connections. */
    public HealthHandler(final BooleanSupplier accepting)
    {
        this.accepting = accepting;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange)
    {
        final boolean ok = accepting.getAsBoolean();
        exchange.setStatusCode(ok ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(ok ? "ok\n" : "draining\n");
    }
}
