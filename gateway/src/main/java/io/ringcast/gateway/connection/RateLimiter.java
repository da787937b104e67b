package io.ringcast.gateway.connection;

/**
 * Token bucket of one connection's inbound messages: {@code rate} per second, bursts up to {@code rate}.
 * Used on the connection's IO thread only.
 */
final class RateLimiter
{
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    RateLimiter(final int perSecond, final long now)
    {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = now;
    }

    boolean tryAcquire(final long now)
    {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1)
        {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
