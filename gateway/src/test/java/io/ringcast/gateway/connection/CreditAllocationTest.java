package io.ringcast.gateway.connection;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.gateway.protocol.ServerMessages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credit for played audio is returned to the bridge from the group thread ({@link ProtocolHandler#onAudioConsumed}),
 * several times a second per speaking session: it must not allocate there. It used to build the request id string
 * for every credit.
 */
@Tag("unit")
class CreditAllocationTest
{
    private static final int READ_AHEAD_MS = 1_000;
    /** A quarter of the read-ahead (16 kHz, 16-bit, 1 s): every call returns credit. */
    private static final int GRANT_BYTES = 8_000;

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldReturnCreditForPlayedAudioWithoutAllocating()
    {
        final ProtocolHandler handler = new ProtocolHandler(new ServerMessages(16_000, 20, 3), 16, 16_000, 20,
            FusionLimits.DEFAULTS, READ_AHEAD_MS);
        final FakeStream stream = new FakeStream(new Connection(1, "s-1", null, null, null));
        try (BridgeClient bridge =
            BridgeClient.builder().discovery(WorkerDiscovery.fromFlags("static:127.0.0.1:1", null)).build())
        {
            handler.bind(null, bridge, null);
            for (int i = 0; i < 50_000; i++) // compiled before it is measured
            {
                handler.onAudioConsumed(stream, 1 + i / 10_000, GRANT_BYTES);
            }
            final long before = allocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                handler.onAudioConsumed(stream, 7, GRANT_BYTES);
            }
            final long allocated = allocatedBytes() - before;
            // One request id for the new utterance, and the measurement's own few bytes; 100,000 ids are megabytes.
            assertTrue(allocated < 4_096, allocated + " bytes allocated for 100,000 credits");
        }
    }
}
