package io.ringcast.gateway.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;

import java.util.Base64;
import java.util.Locale;

/**
 * The checks of RFC 6455 4.2.1 on an opening handshake, done before Undertow sees it: Undertow upgraded
 * requests without {@code Upgrade} (then failed with a 500), with an empty or malformed key, over HTTP/1.0,
 * or of the draft version 8, and answered a missing key or an unknown version with 404.
 */
final class UpgradeRequest
{
    /** Why a request is refused: the HTTP status and a fixed reason (no part of the request). */
    record Problem(int status, String reason)
    {
    }

    private static final int KEY_BYTES = 16;

    private UpgradeRequest()
    {
    }

    /** @return null if {@code exchange} is a valid version 13 opening handshake, else why not. */
    static Problem check(final HttpServerExchange exchange)
    {
        if (!Methods.GET.equals(exchange.getRequestMethod()))
        {
            return new Problem(405, "a WebSocket handshake is a GET request");
        }
        if (!Protocols.HTTP_1_1.equals(exchange.getProtocol()))
        {
            return new Problem(400, "a WebSocket handshake needs HTTP/1.1");
        }
        if (!hasToken(exchange.getRequestHeaders().get(Headers.UPGRADE), "websocket"))
        {
            return new Problem(400, "not a WebSocket handshake: header Upgrade: websocket missing");
        }
        if (!hasToken(exchange.getRequestHeaders().get(Headers.CONNECTION), "upgrade"))
        {
            return new Problem(400, "not a WebSocket handshake: header Connection: Upgrade missing");
        }
        final HeaderValues versions = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_VERSION);
        if (versions == null || versions.size() != 1 || !"13".equals(versions.getFirst().trim()))
        {
            return new Problem(426, "unsupported WebSocket version: this server speaks 13 (RFC 6455)");
        }
        final HeaderValues keys = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_KEY);
        if (keys == null || keys.size() != 1 || !validKey(keys.getFirst().trim()))
        {
            return new Problem(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return null;
    }

    private static boolean hasToken(final HeaderValues values, final String token)
    {
        if (values == null)
        {
            return false;
        }
        for (final String value : values)
        {
            for (final String part : value.split(","))
            {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean validKey(final String key)
    {
        if (key.length() != 24)
        {
            return false; // 16 bytes are 24 base64 characters, padding included
        }
        try
        {
            return Base64.getDecoder().decode(key).length == KEY_BYTES;
        }
        catch (final IllegalArgumentException e)
        {
            return false;
        }
    }
}
