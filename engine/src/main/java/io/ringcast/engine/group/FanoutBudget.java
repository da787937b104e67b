package io.ringcast.engine.group;

import io.ringcast.engine.Priority;

/**
 * A group's budget of topic and broadcast deliveries per second (token bucket, bursts of a tenth of a
 * second). Past it, BULK deliveries are shed per subscriber and counted, so one hot topic cannot starve
 * speech on the same group; IMPORTANT and CRITICAL are always delivered but spend tokens too. Group
 * thread only.
 */
final class FanoutBudget
{
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /**
     * @param perSecond deliveries per second; 0 means unlimited.
     * @param now       monotonic time.
     */
    FanoutBudget(final long perSecond, final long now)
    {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond / 10.0);
        this.tokens = burst;
        this.last = now;
    }

    /** @return true if a delivery of this priority may go now. */
    boolean take(final Priority priority, final long now)
    {
        if (perNano == 0)
        {
            return true;
        }
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (priority != Priority.BULK)
        {
            tokens -= 1;
            return true;
        }
        if (tokens >= 1)
        {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
