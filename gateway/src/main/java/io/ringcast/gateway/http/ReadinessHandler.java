package io.ringcast.gateway.http;

import io.ringcast.bridge.kind.RequestKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /readyz}: 200 when the gateway accepts connections and at least one healthy worker serves
 * each kind of request it relays (synthesis for {@code speak}, fusion for {@code fuse_*}); else 503 with a
 * JSON body saying why, so a load balancer sends clients elsewhere while this node could not serve them.
 */
public final class ReadinessHandler implements HttpHandler
{
    private final Supplier<String> notAccepting;
    private final Supplier<Set<RequestKind>> healthyKinds;

    /**
     * @param notAccepting null while the gateway accepts connections, else why not ({@code starting}, {@code
     * draining}).
     * @param healthyKinds the kinds at least one healthy worker serves now.
     */
    public ReadinessHandler(final Supplier<String> notAccepting, final Supplier<Set<RequestKind>> healthyKinds)
    {
        this.notAccepting = notAccepting;
        this.healthyKinds = healthyKinds;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange)
    {
        final String reason = notReadyBecause();
        exchange.setStatusCode(reason == null ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender()
            .send(reason == null ? "{\"ready\":true}\n" : "{\"ready\":false,\"reason\":\"" + reason + "\"}\n");
    }

    /** @return null when ready, else the reason (plain ASCII, no quotes: it goes into JSON as is). */
    private String notReadyBecause()
    {
        final String state = notAccepting.get();
        if (state != null)
        {
            return state;
        }
        final Set<RequestKind> healthy = healthyKinds.get();
        for (final RequestKind kind : RequestKind.values())
        {
            if (!healthy.contains(kind))
            {
                return "no healthy worker serves " + kind.wireName();
            }
        }
        return null;
    }
}
