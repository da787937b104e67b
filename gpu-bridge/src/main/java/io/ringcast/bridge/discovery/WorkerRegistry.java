package io.ringcast.bridge.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcast.bridge.RequestKind;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The Redis layout of the worker registry, shared by workers and gateways. Each live worker
 * owns one key {@code ringcast:worker:HOST:PORT} whose value is JSON
 * {@code {"address":"HOST:PORT","kinds":["synthesis","fusion"]}} and which expires
 * {@link #TTL_MILLIS} after the last heartbeat, so a dead worker vanishes within 3 s.
 */
public final class WorkerRegistry {

    /** Prefix of every worker key. */
    public static final String KEY_PREFIX = "ringcast:worker:";
    /** Expiry of a worker key: a worker that stops heartbeating is gone after this. */
    public static final long TTL_MILLIS = 2_000;
    /** How often a worker renews its key. */
    public static final long HEARTBEAT_MILLIS = 500;
    /** Redis connect and read timeout, short so a dead Redis is noticed quickly. */
    public static final int TIMEOUT_MILLIS = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerRegistry() {
    }

    /** The key of a worker. */
    public static String key(final String address) {
        return KEY_PREFIX + address;
    }

    /**
     * A pooled client for {@code redis://host:port}.
     *
     * @throws IllegalArgumentException when the URI is not {@code redis://host:port}
     */
    public static RedisClient connect(final String uri) {
        final URI u = URI.create(uri);
        if (!"redis".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
            throw new IllegalArgumentException("expected redis://HOST:PORT, got " + uri);
        }
        return RedisClient.builder()
            .hostAndPort(u.getHost(), u.getPort())
            .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(TIMEOUT_MILLIS).build())
            .build();
    }

    /** The JSON value of a worker key. */
    public static String encode(final WorkerInfo w) {
        final ObjectNode o = JSON.createObjectNode().put("address", w.address());
        final ArrayNode kinds = o.putArray("kinds");
        w.kinds().stream().sorted().forEach(k -> kinds.add(k.wireName()));
        return o.toString();
    }

    /** Parses a worker key's value; null when it is not valid. */
    public static WorkerInfo decode(final String json) {
        try {
            final JsonNode o = JSON.readTree(json);
            final Set<RequestKind> kinds = EnumSet.noneOf(RequestKind.class);
            for (final JsonNode k : o.path("kinds")) {
                final RequestKind kind = RequestKind.fromWireName(k.asText());
                if (kind != null) {
                    kinds.add(kind);
                }
            }
            return new WorkerInfo(o.path("address").asText(), kinds);
        } catch (Exception e) {
            return null;
        }
    }
}
