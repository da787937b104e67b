package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group thread with nothing to do parks until something is published to it, and wakes for it at once. */
@Tag("integration")
class IdleCpuTest
{
    private Engine engine;

    @AfterEach
    void tearDown()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    private static Thread groupThread()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ringcast-group-"))
            .findFirst().orElseThrow();
    }

    @Test
    void shouldCostAlmostNoCpuWhileIdleAndStillAnswerAtOnce() throws Exception
    {
        engine = RingEngine.start(EngineConfig.builder().groups(1).handler(new Commands()).build());
        final RecordingSink sink = new RecordingSink();
        engine.open(1, sink, null);
        Thread.sleep(200); // the open is handled, then nothing is left to do
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long id = groupThread().getId();
        final long before = threads.getThreadCpuTime(id);
        Thread.sleep(1_000); // the idle second whose CPU is measured
        final long cpuNanos = threads.getThreadCpuTime(id) - before;
        System.out.printf("[idle] group thread CPU over 1 s idle: %.1f ms%n", cpuNanos / 1e6);
        // Parks of at most 100 us cost 60-100 ms a second here; a long park costs well under 10 ms.
        assertTrue(cpuNanos < 30_000_000L, "an idle group thread spent " + cpuNanos / 1e6 + " ms of CPU in 1 s");

        final long sent = System.nanoTime();
        assertTrue(engine.send(1, Priority.CONTROL, "wake"));
        assertEquals(1, sink.await(m -> "wake".equals(m.text()), 1, 5_000).size());
        final long wokeMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(wokeMs < 20, "a parked group answered a publish after " + wokeMs + " ms (its long park is 50 ms)");
    }
}
