package io.ringcast.settings;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One declaration gives a setting's names, default, bounds and docs; a store of values checks every value it takes. */
@Tag("unit")
class SettingTest
{
    private static final Setting<Integer> MAX_CONNECTIONS = Setting.ofInt("max_connections", 10_000).atLeast(1)
        .doc("global connection limit");
    private static final Setting<Double> DELAY = Setting.ofDouble("max_queue_delay_ms", 2).between(0.0, 10_000.0);
    private static final Setting<String> IDLE = Setting.ofString("idle", "backoff")
        .oneOf("backoff", "yielding", "busy-spin");
    private static final Setting<Integer> GROUPS = Setting.ofInt("groups", 7).defaultComputedAs("half the cores");

    @Test
    void shouldDeriveTheFlagAndTheEnvironmentVariableFromTheKey()
    {
        assertEquals("--max-connections", MAX_CONNECTIONS.flag());
        assertEquals("RINGCAST_MAX_CONNECTIONS", MAX_CONNECTIONS.envName());
    }

    @Test
    void shouldNameKeyBoundsAndValueWhenAValueIsOutOfBounds()
    {
        assertEquals("max_connections must be at least 1, was 0",
            assertThrows(IllegalArgumentException.class, () -> MAX_CONNECTIONS.check(0)).getMessage());
        assertEquals("max_queue_delay_ms must be 0..10000, was 10001.5",
            assertThrows(IllegalArgumentException.class, () -> DELAY.check(10_001.5)).getMessage());
        assertEquals("idle must be backoff, yielding or busy-spin, was 'spin'",
            assertThrows(IllegalArgumentException.class, () -> IDLE.check("spin")).getMessage());
        assertEquals(5, MAX_CONNECTIONS.check(5));
    }

    @Test
    void shouldShowDefaultsAsAnOperatorWritesThem()
    {
        assertEquals("2", DELAY.defaultString());
        assertEquals("10000", MAX_CONNECTIONS.defaultText());
        assertEquals("half the cores", GROUPS.defaultText());
        assertNull(GROUPS.defaultString(), "a computed default is left to the builder");
        assertEquals(7, GROUPS.defaultValue());
    }

    @Test
    void shouldKeepACopiedStoreIndependent()
    {
        final SettingValues values = SettingValues.defaults(List.of(MAX_CONNECTIONS, IDLE));
        final SettingValues copy = values.copy();
        values.set(MAX_CONNECTIONS, 5);
        assertEquals(5, values.get(MAX_CONNECTIONS));
        assertEquals(10_000, copy.get(MAX_CONNECTIONS));
        assertThrows(IllegalArgumentException.class, () -> values.set(IDLE, "spin"));
        assertEquals("backoff", values.get(IDLE));
        assertThrows(IllegalArgumentException.class, () -> values.get(DELAY), "not a setting of this store");
    }

    @Test
    void shouldRenderOneTableRowPerSetting()
    {
        assertEquals(
            "| key | default | allowed | meaning |\n| --- | --- | --- | --- |\n" +
                "| `max_connections` | 10000 | at least 1 | global connection limit |\n" +
                "| `groups` | half the cores |  |  (API only) |\n",
            SettingsTable.markdown(List.of(MAX_CONNECTIONS, GROUPS), s -> s == GROUPS ? "(API only)" : ""));
    }

    @Test
    void shouldRefuseAKeyThatIsNotLowerCaseWithUnderscores()
    {
        assertThrows(IllegalArgumentException.class, () -> Setting.ofInt("Max-Connections", 1));
    }
}
