package io.ringcast.gateway.config;

import io.ringcast.bridge.batching.BatchingConfiguration;
import io.ringcast.engine.EngineConfiguration;
import io.ringcast.settings.Setting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings {@code ringcast serve} takes, each as a flag, a {@code RINGCAST_*} variable and a config-file key:
 * every gateway and logging setting, the engine settings of {@link #ENGINE} (the others are set through the engine's
 * API only) and every bridge batching setting. {@link LayeredDefaults} checks keys and finds defaults here, and
 * {@link ServeDescriptions} gives the options their help text.
 */
public final class ServeSettings
{
    /** The engine settings that are flags of serve; the rest of {@link EngineConfiguration#ALL} are API only. */
    public static final List<Setting<?>> ENGINE = List.of(EngineConfiguration.GROUPS, EngineConfiguration.IDLE,
        EngineConfiguration.QUEUE_MAX_MESSAGES, EngineConfiguration.QUEUE_MAX_BYTES,
        EngineConfiguration.BACKPRESSURE_THRESHOLD, EngineConfiguration.DROP_BULK_THRESHOLD,
        EngineConfiguration.MAX_INFLIGHT_BYTES, EngineConfiguration.SLOW_SEND_MS, EngineConfiguration.SLOW_EVENTS,
        EngineConfiguration.SEND_TIMEOUT_MS, EngineConfiguration.FANOUT_PER_SECOND, EngineConfiguration.FRAME_MS,
        EngineConfiguration.PREFILL_FRAMES, EngineConfiguration.PACING_TICK_MS);

    /** Every setting of serve. */
    public static final List<Setting<?>> ALL = concat(GatewayConfiguration.LOGGING, GatewayConfiguration.ALL, ENGINE,
        BatchingConfiguration.ALL);

    private static final Map<String, Setting<?>> BY_KEY = byKey(ALL);

    private ServeSettings()
    {
    }

    /**
     * @param key a key ({@code max_connections}).
     * @return the setting of serve with that key, or null.
     */
    public static Setting<?> byKey(final String key)
    {
        return BY_KEY.get(key);
    }

    /** @return the keys of every setting of serve, in order. */
    public static List<String> keys()
    {
        return List.copyOf(BY_KEY.keySet());
    }

    @SafeVarargs
    private static List<Setting<?>> concat(final List<Setting<?>>... lists)
    {
        final List<Setting<?>> all = new ArrayList<>();
        for (final List<Setting<?>> l : lists)
        {
            all.addAll(l);
        }
        return Collections.unmodifiableList(all);
    }

    private static Map<String, Setting<?>> byKey(final List<Setting<?>> settings)
    {
        final Map<String, Setting<?>> map = new LinkedHashMap<>();
        for (final Setting<?> s : settings)
        {
            if (map.put(s.key(), s) != null)
            {
                throw new IllegalStateException("two settings of serve have the key " + s.key());
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
