package io.ringcast.gateway.fusion;

import io.ringcast.gateway.config.GatewayConfiguration;

/**
 * Bounds of fusion, per connection; each is declared, with its key, default and bounds, in
 * {@link GatewayConfiguration}.
 *
 * @param maxSessions fusion sessions open at once ({@link GatewayConfiguration#FUSION_MAX_SESSIONS}).
 * @param maxItems    items an {@code all} stream may add to one window ({@link GatewayConfiguration#FUSION_MAX_ITEMS}).
 * @param maxPending  closed windows waiting for the provider ({@link GatewayConfiguration#FUSION_MAX_PENDING}).
 */
public record FusionLimits(int maxSessions, int maxItems, int maxPending)
{
    /** The defaults. */
    public static final FusionLimits DEFAULTS = new FusionLimits(
        GatewayConfiguration.FUSION_MAX_SESSIONS.defaultValue(), GatewayConfiguration.FUSION_MAX_ITEMS.defaultValue(),
        GatewayConfiguration.FUSION_MAX_PENDING.defaultValue());

    /** Checks the bounds. */
    public FusionLimits
    {
        GatewayConfiguration.FUSION_MAX_SESSIONS.check(maxSessions);
        GatewayConfiguration.FUSION_MAX_ITEMS.check(maxItems);
        GatewayConfiguration.FUSION_MAX_PENDING.check(maxPending);
    }
}
