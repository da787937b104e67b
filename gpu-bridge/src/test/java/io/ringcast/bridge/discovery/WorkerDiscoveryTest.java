package io.ringcast.bridge.discovery;

import io.ringcast.bridge.kind.RequestKind;
import io.ringcast.bridge.registry.WorkerRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("unit")
class WorkerDiscoveryTest
{

    @Test
    void shouldChooseDiscoveryFromGatewayFlags()
    {
        assertInstanceOf(StaticDiscovery.class, WorkerDiscovery.fromFlags("static:10.0.0.1:7001,10.0.0.2:7001", null));
        assertInstanceOf(RedisDiscovery.class, WorkerDiscovery.fromFlags("redis://redis:6379", null));
        assertInstanceOf(RedisDiscovery.class, WorkerDiscovery.fromFlags(null, "redis://redis:6379"));
        assertInstanceOf(EmbeddedDiscovery.class, WorkerDiscovery.fromFlags(null, null));
        assertInstanceOf(EmbeddedDiscovery.class, WorkerDiscovery.fromFlags("embedded", "redis://redis:6379"));
        assertThrows(IllegalArgumentException.class, () -> WorkerDiscovery.fromFlags("10.0.0.1:7001", null));
    }

    @Test
    void shouldParseStaticWorkerList()
    {
        final Set<WorkerInfo> got = new HashSet<>();
        final StaticDiscovery d = StaticDiscovery.parse("static:a:7001, b:7002");
        d.start(got::addAll);
        assertEquals(Set.of(WorkerInfo.of("a:7001"), WorkerInfo.of("b:7002")), got);
        assertThrows(IllegalArgumentException.class, () -> StaticDiscovery.parse("static:"));
        assertThrows(IllegalArgumentException.class, () -> StaticDiscovery.parse("static:nohost"));
        assertThrows(IllegalArgumentException.class, () -> StaticDiscovery.parse("static:a:99999"));
    }

    @Test
    void shouldRoundTripRegistryEntries()
    {
        final WorkerInfo w = new WorkerInfo("w1:7001", EnumSet.of(RequestKind.SYNTHESIS));
        assertEquals("{\"address\":\"w1:7001\",\"kinds\":[\"synthesis\"]}",
            WorkerRegistry.encode(w.address(), w.kinds()));
        assertEquals(w, RedisDiscovery.decode(WorkerRegistry.encode(w.address(), w.kinds())));
        assertEquals(null, RedisDiscovery.decode("not json"));
    }
}
