package io.ringcast.engine.group;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.ring.Envelope;
import io.ringcast.engine.ring.PriorityRings;
import io.ringcast.engine.support.RecordingSink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives one group's duty cycle by hand, so ring order and budgets can be checked exactly. */
@Tag("unit")
class StreamGroupAgentTest
{
    private final EngineConfig config = EngineConfig.builder().groups(1)
        .ringSize(Priority.CRITICAL, 1 << 14).queueBounds(100_000, 1L << 30).inflight(1L << 30, 1 << 16).build();
    private final PriorityRings rings = new PriorityRings(config.ringSizes());
    private final StreamGroupAgent agent = new StreamGroupAgent(0, config, rings, new ConcurrentHashMap<Long, Counters>(), Throwable::printStackTrace);
    private final RecordingSink sink = new RecordingSink();

    private boolean publish(final Priority p, final int type, final Object payload, final Object payload2)
    {
        final long seq = rings.tryClaim(p.ordinal());
        if (seq < 0)
        {
            return false;
        }
        final Envelope e = rings.slot(p.ordinal(), seq);
        e.type = type;
        e.streamId = 7;
        e.payload = payload;
        e.payload2 = payload2;
        e.publishNanos = System.nanoTime();
        rings.publish(p.ordinal(), seq);
        return true;
    }

    private void openStream() throws Exception
    {
        publish(Priority.CONTROL, Envelope.OPEN, sink, null);
        agent.doWork();
    }

    @Test
    void shouldTakeHigherPriorityRingsFirstWithinOneCycle() throws Exception
    {
        openStream();
        publish(Priority.BULK, Envelope.SEND, "bulk", null);
        publish(Priority.IMPORTANT, Envelope.SEND, "important", null);
        publish(Priority.CRITICAL, Envelope.SEND, "critical", null);
        publish(Priority.CONTROL, Envelope.SEND, "control", null);

        agent.doWork();

        assertEquals(List.of("control", "critical", "important", "bulk"), sink.sent().stream().map(RecordingSink.Sent::text).toList());
    }

    @Test
    void shouldServeBulkEveryCycleUnderSustainedCriticalFlood() throws Exception
    {
        openStream();
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(publish(Priority.CRITICAL, Envelope.SEND, "c", null));
        }
        for (int i = 0; i < 10; i++)
        {
            publish(Priority.BULK, Envelope.SEND, "b" + i, null);
        }

        agent.doWork();

        final List<RecordingSink.Sent> first = sink.sent();
        assertEquals(config.cycleBudgets()[Priority.CRITICAL.ordinal()] + 10, first.size(),
            "one cycle takes a CRITICAL budget and still serves BULK");
        assertEquals(10, first.stream().filter(s -> s.priority() == Priority.BULK).count());
        assertTrue(rings.depth(Priority.CRITICAL.ordinal()) > 9_000, "the CRITICAL backlog waits for later cycles");
    }

    @Test
    void shouldDeliverEveryQueuedEventOverRepeatedCycles() throws Exception
    {
        openStream();
        for (int i = 0; i < 1000; i++)
        {
            publish(Priority.of(i % 4 == 0 ? 1 : 3), Envelope.SEND, Integer.toString(i), null);
        }
        for (int cycle = 0; cycle < 100 && sink.sent().size() < 1000; cycle++)
        {
            agent.doWork();
        }
        assertEquals(1000, sink.sent().size());
    }

    @Test
    void shouldCountEventsForUnknownStreams() throws Exception
    {
        publish(Priority.CRITICAL, Envelope.SEND, "nobody", null);
        agent.doWork();
        assertEquals(1, agent.counters().get(GroupCounter.UNKNOWN_STREAM));
    }

    @Test
    void shouldFanTopicOutWithEachSubscribersOwnSequence() throws Exception
    {
        openStream();
        final RecordingSink other = new RecordingSink();
        final long seq = rings.tryClaim(0);
        final Envelope e = rings.slot(0, seq);
        e.type = Envelope.OPEN;
        e.streamId = 8;
        e.payload = other;
        rings.publish(0, seq);
        agent.doWork();

        final StreamSession seven = agent.session(7);
        final StreamSession eight = agent.session(8);
        seven.subscribe("news");
        publish(Priority.BULK, Envelope.TOPIC, "news", "first");
        agent.doWork();
        eight.subscribe("news");
        publish(Priority.BULK, Envelope.TOPIC, "news", "second");
        agent.doWork();

        assertEquals(List.of(1L, 2L), sink.ofKind(OutboundKind.TOPIC).stream().map(RecordingSink.Sent::seq).toList());
        assertEquals(List.of(1L), other.ofKind(OutboundKind.TOPIC).stream().map(RecordingSink.Sent::seq).toList());
        assertTrue(seven.unsubscribe("news"));
        assertFalse(seven.unsubscribe("news"));
    }
}
