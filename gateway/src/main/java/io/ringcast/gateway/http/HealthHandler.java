package io.ringcast.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code GET /livez} (and its alias {@code /healthz}): {@code 200 ok} while the process is up, draining
 * included, so an orchestrator restarts only a daemon that stopped answering. Whether clients should be
 * sent here is {@code /readyz} ({@link ReadinessHandler}).
 */
public final class HealthHandler implements HttpHandler
{
    @Override
    public void handleRequest(final HttpServerExchange exchange)
    {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send("ok\n");
    }
}
