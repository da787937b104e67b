package io.ringcast.gateway.fusion;

/**
 * Bounds of fusion, per connection.
 *
 * @param maxSessions fusion sessions open at once (key {@code fusion_max_sessions}, default 8).
 * @param maxItems    items an {@code all} stream may add to one window (key {@code fusion_max_items}, default 256).
 * @param maxPending  closed windows waiting for the provider (key {@code fusion_max_pending}, default 8).
 */
public record FusionLimits(int maxSessions, int maxItems, int maxPending)
{
    /** The defaults. */
    public static final FusionLimits DEFAULTS = new FusionLimits(8, 256, 8);

    /** Checks the bounds. */
    public FusionLimits
    {
        if (maxSessions < 1 || maxItems < 1 || maxPending < 1)
        {
            throw new IllegalArgumentException("fusion_max_sessions, fusion_max_items and fusion_max_pending must be at least 1");
        }
    }
}
