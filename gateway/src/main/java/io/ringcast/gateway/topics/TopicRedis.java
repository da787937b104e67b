package io.ringcast.gateway.topics;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.net.URI;

/**
 * The topic relay's own Redis connections, so topics do not borrow another module's internals for them: a
 * publishing client with short timeouts (a dead Redis is noticed quickly and retried), and a subscribing one
 * without a read timeout (a subscription is idle whenever nobody publishes).
 */
final class TopicRedis
{
    /** Connect timeout, and read timeout when publishing. */
    static final int TIMEOUT_MILLIS = 500;

    private final URI uri;

    /**
     * @param uri {@code redis://HOST:PORT}.
     * @throws IllegalArgumentException when the URI is not {@code redis://HOST:PORT}.
     */
    TopicRedis(final String uri)
    {
        final URI u = URI.create(uri);
        if (!"redis".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0)
        {
            throw new IllegalArgumentException("expected redis://HOST:PORT, got " + uri);
        }
        this.uri = u;
    }

    /** @return a client for publishing. */
    RedisClient publisher()
    {
        return connect(TIMEOUT_MILLIS);
    }

    /** @return a client for a subscription: no read timeout. */
    RedisClient subscriber()
    {
        return connect(0);
    }

    private RedisClient connect(final int readTimeoutMillis)
    {
        return RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort())
            .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(readTimeoutMillis).build())
            .build();
    }
}
