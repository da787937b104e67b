package io.ringcast.engine.group;

import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.metrics.Counters;
import io.ringcast.engine.ring.Envelope;
import io.ringcast.engine.ring.PriorityRings;
import io.ringcast.engine.support.RecordingSink;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
    private final StreamGroupAgent agent =
        new StreamGroupAgent(0, config, rings, new ConcurrentHashMap<Long, Counters>(), Throwable::printStackTrace);
    private final RecordingSink sink = new RecordingSink();

    /** Publishes into the agent's rings for stream 7, as the engine's producers do. */
    private boolean publish(final Priority p, final Consumer<Envelope> writer)
    {
        final long seq = rings.tryClaim(p.ordinal());
        if (seq < 0)
        {
            return false;
        }
        final Envelope e = rings.slot(p.ordinal(), seq);
        writer.accept(e);
        e.publishNanos(System.nanoTime());
        rings.publish(p.ordinal(), seq);
        return true;
    }

    private boolean send(final Priority p, final String text)
    {
        return publish(p, e -> e.send(7, text));
    }

    private void openStream() throws Exception
    {
        publish(Priority.CONTROL, e -> e.open(7, sink, null));
        agent.doWork();
    }

    @Test
    void shouldTakeHigherPriorityRingsFirstWithinOneCycle() throws Exception
    {
        openStream();
        send(Priority.BULK, "bulk");
        send(Priority.IMPORTANT, "important");
        send(Priority.CRITICAL, "critical");
        send(Priority.CONTROL, "control");

        agent.doWork();

        assertEquals(List.of("control", "critical", "important", "bulk"),
            sink.sent().stream().map(RecordingSink.Sent::text).toList());
    }

    @Test
    void shouldServeBulkEveryCycleUnderSustainedCriticalFlood() throws Exception
    {
        openStream();
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(send(Priority.CRITICAL, "c"));
        }
        for (int i = 0; i < 10; i++)
        {
            send(Priority.BULK, "b" + i);
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
            send(Priority.of(i % 4 == 0 ? 1 : 3), Integer.toString(i));
        }
        for (int cycle = 0; cycle < 100 && sink.sent().size() < 1000; cycle++)
        {
            agent.doWork();
        }
        assertEquals(1000, sink.sent().size());
    }

    @Test
    void shouldShedBulkFanoutPastTheBudgetButDeliverImportant() throws Exception
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000_000_000L);
        final EngineConfig budgeted = config.toBuilder().fanoutPerSecond(100).clock(clock).build();
        final PriorityRings r = new PriorityRings(budgeted.ringSizes());
        final StreamGroupAgent g =
            new StreamGroupAgent(0, budgeted, r, new ConcurrentHashMap<Long, Counters>(), Throwable::printStackTrace);
        final long open = r.tryClaim(0);
        r.slot(0, open).open(7, sink, null);
        r.publish(0, open);
        g.doWork();
        g.session(7).subscribe("hot");
        for (int i = 0; i < 50; i++)
        {
            final long seq = r.tryClaim(Priority.BULK.ordinal());
            final Envelope e = r.slot(Priority.BULK.ordinal(), seq);
            e.topic("hot", "b" + i);
            r.publish(Priority.BULK.ordinal(), seq);
        }
        final long important = r.tryClaim(Priority.IMPORTANT.ordinal());
        r.slot(Priority.IMPORTANT.ordinal(), important).topic("hot", "speech-critical");
        r.publish(Priority.IMPORTANT.ordinal(), important);
        for (int i = 0; i < 5; i++)
        {
            g.doWork();
        }

        // A burst of 10 tokens (a tenth of 100/s): IMPORTANT, drained first, spends one; 9 BULK go; 41 are shed.
        final List<RecordingSink.Sent> got = sink.ofKind(OutboundKind.TOPIC);
        assertEquals(10, got.size());
        assertTrue(got.stream().anyMatch(m -> "speech-critical".equals(m.text())),
            "IMPORTANT is never shed by the budget");
        assertEquals(41, g.counters().get(GroupCounter.FANOUT_SHED));
        assertEquals(41,
            g.session(7).counters.get(io.ringcast.engine.metrics.StreamCounter.DROPPED + Priority.BULK.ordinal()));

        clock.update(2_000_000_000L); // a second later the budget has refilled
        final long later = r.tryClaim(Priority.BULK.ordinal());
        r.slot(Priority.BULK.ordinal(), later).topic("hot", "after");
        r.publish(Priority.BULK.ordinal(), later);
        g.doWork();
        final RecordingSink.Sent after = sink.ofKind(OutboundKind.TOPIC).get(10);
        assertEquals("after", after.text());
        assertEquals(52, after.seq(), "seq advanced over the shed ones: the client sees the gap");
    }

    @Test
    void shouldCountEventsForUnknownStreams() throws Exception
    {
        send(Priority.CRITICAL, "nobody");
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
        e.open(8, other, null);
        rings.publish(0, seq);
        agent.doWork();

        final GroupStream seven = agent.session(7);
        final GroupStream eight = agent.session(8);
        seven.subscribe("news");
        publish(Priority.BULK, slot -> slot.topic("news", "first"));
        agent.doWork();
        eight.subscribe("news");
        publish(Priority.BULK, slot -> slot.topic("news", "second"));
        agent.doWork();

        assertEquals(List.of(1L, 2L), sink.ofKind(OutboundKind.TOPIC).stream().map(RecordingSink.Sent::seq).toList());
        assertEquals(List.of(1L), other.ofKind(OutboundKind.TOPIC).stream().map(RecordingSink.Sent::seq).toList());
        assertTrue(seven.unsubscribe("news"));
        assertFalse(seven.unsubscribe("news"));
    }
}
