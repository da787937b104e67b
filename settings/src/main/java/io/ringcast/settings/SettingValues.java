package io.ringcast.settings;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of a fixed set of settings, each checked against its bounds when set; what a configuration builder holds,
 * so that a builder and the configuration it builds share one store instead of a copy of every field. Not thread
 * safe: a builder owns one, and a built configuration keeps a {@link #copy()} it never changes.
 */
public final class SettingValues
{
    private final Map<Setting<?>, Object> values;

    private SettingValues(final Map<Setting<?>, Object> values)
    {
        this.values = values;
    }

    /**
     * @param settings every setting the store holds.
     * @return a store holding each setting's default.
     */
    public static SettingValues defaults(final List<Setting<?>> settings)
    {
        final Map<Setting<?>, Object> map = new IdentityHashMap<>();
        for (final Setting<?> s : settings)
        {
            map.put(s, s.defaultValue());
        }
        return new SettingValues(map);
    }

    /**
     * @param setting one of the store's settings.
     * @param <T>     its type.
     * @return its value (null only for a setting without default that was not set).
     */
    public <T> T get(final Setting<T> setting)
    {
        return setting.type().cast(values.get(known(setting)));
    }

    /**
     * @param setting one of the store's settings.
     * @param value   the new value.
     * @param <T>     its type.
     * @return this.
     * @throws IllegalArgumentException naming the key, bounds and value when the value is out of bounds.
     */
    public <T> SettingValues set(final Setting<T> setting, final T value)
    {
        values.put(known(setting), setting.check(value));
        return this;
    }

    /** @return an independent store with the same values. */
    public SettingValues copy()
    {
        return new SettingValues(new IdentityHashMap<>(values));
    }

    private Setting<?> known(final Setting<?> setting)
    {
        if (!values.containsKey(setting))
        {
            throw new IllegalArgumentException(setting.key() + " is not a setting of this configuration");
        }
        return setting;
    }
}
