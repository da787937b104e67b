package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.support.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every publish method fills a pre-allocated ring slot through the writer of its event's kind: no boxing, no
 * lambda, no event object per call. Measured on the publishing thread with the JVM's per-thread allocation
 * counter (what JMH's {@code -prof gc} reads), after a warm-up, so the figure is the steady state.
 */
@Tag("integration")
class PublishAllocationTest
{
    private static final int WARMUP = 50_000;
    private static final int CALLS = 20_000;
    /** Wide: one object per call would be at least 16 bytes a call, 320,000 in all. */
    private static final long MAX_BYTES = CALLS;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final byte[] pcm = new byte[640];
    private final ByteBuffer view = ByteBuffer.wrap(new byte[640]).asReadOnlyBuffer();
    private Engine engine;

    @BeforeEach
    void setUp()
    {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "this JVM counts allocation per thread");
        engine = RingEngine.start(EngineConfig.builder().groups(2).handler(new Commands()).build());
    }

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldPublishEveryKindWithoutAllocating()
    {
        assertAllocationFree("send", i -> engine.send(i, Priority.CRITICAL, "text"));
        assertAllocationFree("inbound", i -> engine.inbound(i, Priority.IMPORTANT, "message"));
        assertAllocationFree("audio (array)", i -> engine.audio(i, Priority.IMPORTANT, 1, pcm, AudioChunk.MORE));
        assertAllocationFree("audio (buffer)", i -> engine.audio(i, Priority.IMPORTANT, 1, view, AudioChunk.LAST));
        assertAllocationFree("close", i -> engine.close(i, 1000, "bye"));
        assertAllocationFree("topic", i -> engine.publish("news", Priority.BULK, "\"data\":1}"));
        assertAllocationFree("broadcast", i -> engine.broadcast(Priority.BULK, "all"));
    }

    /** The publish may be refused (a full ring) or not: either way it must not allocate. */
    private void assertAllocationFree(final String what, final LongPredicate publish)
    {
        for (long i = 0; i < WARMUP; i++)
        {
            publish.test(i);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (long i = 0; i < CALLS; i++)
        {
            publish.test(i);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= MAX_BYTES, what + ": " + allocated + " bytes allocated by " + CALLS + " publishes");
    }
}
