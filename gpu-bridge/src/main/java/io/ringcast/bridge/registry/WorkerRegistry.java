package io.ringcast.bridge.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcast.bridge.kind.RequestKind;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.util.Set;

/**
 * The Redis layout of the worker registry, shared by workers and gateways. Each live worker
 * owns one key {@code ringcast:worker:HOST:PORT} whose value is JSON
 * {@code {"address":"HOST:PORT","kinds":["synthesis","fusion"]}} and which expires
 * {@link #TTL_MILLIS} after the last heartbeat, so a dead worker vanishes within 3 s. Workers write it
 * ({@link RedisRegistration}); gateways read it ({@code discovery.RedisDiscovery}). It lives apart from both so
 * that neither package depends on the other for it.
 */
public final class WorkerRegistry
{

    /** Prefix of every worker key. */
    public static final String KEY_PREFIX = "ringcast:worker:";
    /** Expiry of a worker key: a worker that stops heartbeating is gone after this. */
    public static final long TTL_MILLIS = 2_000;
    /** How often a worker renews its key. */
    public static final long HEARTBEAT_MILLIS = 500;
    /** Redis connect and read timeout, short so a dead Redis is noticed quickly. */
    public static final int TIMEOUT_MILLIS = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerRegistry()
    {
    }

    /** The key of a worker. */
    public static String key(final String address)
    {
        return KEY_PREFIX + address;
    }

    /**
     * A pooled client for {@code redis://host:port}.
     *
     * @throws IllegalArgumentException when the URI is not {@code redis://host:port}
     */
    public static RedisClient connect(final String uri)
    {
        final URI u = URI.create(uri);
        if (!"redis".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0)
        {
            throw new IllegalArgumentException("expected redis://HOST:PORT, got " + uri);
        }
        return RedisClient.builder()
            .hostAndPort(u.getHost(), u.getPort())
            .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(TIMEOUT_MILLIS).build())
            .build();
    }

    /** The JSON value of the key of a worker at {@code address} serving {@code kinds}. */
    public static String encode(final String address, final Set<RequestKind> kinds)
    {
        final ObjectNode o = JSON.createObjectNode().put("address", address);
        final ArrayNode array = o.putArray("kinds");
        kinds.stream().sorted().forEach(k -> array.add(k.wireName()));
        return o.toString();
    }
}
