package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.RecordingSink;
import io.ringcast.testsupport.Await;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine with its real group threads and real in-memory sinks. */
@Tag("integration")
class EngineTest
{
    private final Commands commands = new Commands();
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private Engine engine;

    private Engine start(final EngineConfig.Builder builder)
    {
        engine = RingEngine.start(builder.handler(commands).errorHandler(error::set).build());
        return engine;
    }

    @AfterEach
    void tearDown()
    {
        if (engine != null)
        {
            engine.close();
        }
        delayer.shutdownNow();
    }

    private RecordingSink open(final long id) throws InterruptedException
    {
        final RecordingSink sink = new RecordingSink(delayer);
        assertTrue(engine.open(id, sink, null));
        awaitOpen(id);
        return sink;
    }

    private void awaitOpen(final long id) throws InterruptedException
    {
        Await.until(() -> engine.stream(id) != null, 1_000);
        assertNotNull(engine.stream(id), "stream " + id + " opened");
    }

    @Test
    void shouldDeliverEveryCriticalMessageFromManyPublishersExactlyOnceInOrder() throws Exception
    {
        start(EngineConfig.builder().groups(2).ringSize(Priority.CRITICAL, 1024).queueBounds(1 << 16, 1L << 30));
        final int streams = 4, publishers = 8, perPublisher = 5_000;
        final List<RecordingSink> sinks = new ArrayList<>();
        for (int s = 0; s < streams; s++)
        {
            sinks.add(open(s));
        }
        final AtomicLong retries = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < publishers; t++)
        {
            final int publisher = t;
            final Thread thread = new Thread(() ->
            {
                for (int i = 0; i < perPublisher; i++)
                {
                    // A full ring is a return value: this publisher acts on it by retrying.
                    while (!engine.send(i % streams, Priority.CRITICAL, publisher + ":" + i))
                    {
                        retries.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (final Thread t : threads)
        {
            t.join();
        }

        final int expectedPerStream = publishers * perPublisher / streams;
        for (int s = 0; s < streams; s++)
        {
            final List<RecordingSink.Sent> got = sinks.get(s).await(m -> true, expectedPerStream, 20_000);
            assertEquals(expectedPerStream, got.size(), "stream " + s);
            final int[] next = new int[publishers];
            for (int p = 0; p < publishers; p++)
            {
                next[p] = s;
            }
            for (final RecordingSink.Sent m : got)
            {
                final String[] parts = m.text().split(":");
                final int p = Integer.parseInt(parts[0]);
                assertEquals(next[p], Integer.parseInt(parts[1]), "per-publisher order, no loss, no duplicate");
                next[p] += streams;
            }
        }
        assertEquals(0, engine.snapshot().dropped()[Priority.CRITICAL.ordinal()]);
        assertEquals(retries.get(), engine.snapshot().rejected()[Priority.CRITICAL.ordinal()]);
    }

    @Test
    void shouldRefuseAndCountPublishesWhenTheRingIsFull() throws Exception
    {
        start(EngineConfig.builder().groups(1).ringSize(Priority.BULK, 8));
        open(1);
        assertTrue(engine.inbound(1, Priority.CONTROL, "block:300")); // keeps the group thread busy
        assertTrue(Await.until(() -> commands.blocking, 5_000), "the group thread is held");
        int accepted = 0;
        while (engine.send(1, Priority.BULK, "x") && accepted < 100)
        {
            accepted++;
        }

        assertEquals(8, accepted, "a ring of 8 takes 8 and refuses the 9th without blocking");
        assertEquals(1, engine.snapshot().rejected()[Priority.BULK.ordinal()]);
        assertTrue(engine.send(1, Priority.CRITICAL, "other rings still take messages"));
    }

    @Test
    void shouldEvictStreamWhenASendTimesOut() throws Exception
    {
        start(EngineConfig.builder().groups(1).slowConsumer(50, 5, 300));
        final RecordingSink sink = open(1);
        sink.stall(true);
        engine.send(1, Priority.CRITICAL, "never completes");

        assertTrue(sink.awaitClose(5_000));
        assertEquals(1008, sink.closeCode());
        assertTrue(sink.closeReason().contains("slow consumer"), sink.closeReason());
        assertTrue(commands.reached(1, StreamState.EVICTED));
        assertEquals(null, engine.stream(1));
    }

    /** Stream 1 made a slow consumer: six sends of 40 ms each where 20 ms is slow and 3 slow sends are allowed. */
    private RecordingSink slowConsumer() throws InterruptedException
    {
        start(EngineConfig.builder().groups(1).slowConsumer(20, 3, 5_000).inflight(1 << 20, 1));
        final RecordingSink sink = open(1);
        sink.delay(40);
        for (int i = 0; i < 6; i++)
        {
            engine.send(1, Priority.CRITICAL, "c" + i);
        }
        sink.await(m -> true, 6, 5_000);
        assertTrue(Await.until(() -> commands.reached(1, StreamState.SLOW_CONSUMER), 1_000));
        return sink;
    }

    @Test
    void shouldMarkSlowConsumerAndShedBulkAfterRepeatedSlowSends() throws Exception
    {
        final RecordingSink sink = slowConsumer();
        final long droppedBefore = engine.stream(1).dropped()[Priority.BULK.ordinal()];

        engine.send(1, Priority.BULK, "shed");
        engine.send(1, Priority.CRITICAL, "kept");

        assertEquals(1, sink.await(m -> "kept".equals(m.text()), 1, 5_000).size());
        assertTrue(sink.sent().stream().noneMatch(m -> "shed".equals(m.text())));
        assertEquals(droppedBefore + 1, engine.stream(1).dropped()[Priority.BULK.ordinal()]);
    }

    @Test
    void shouldTellASlowConsumerThatItsAudioIsShedAndHowMuch() throws Exception
    {
        final RecordingSink sink = slowConsumer();
        for (int i = 0; i < 3; i++)
        {
            engine.send(1, Priority.IMPORTANT, "shed" + i); // as a shed utterance's frames: no seq gap tells of them
        }

        // Without a notice the client could not tell a shed utterance from an empty one (audio_end, frames 0).
        final List<RecordingSink.Sent> told = sink.await(m -> m.notice() == Notice.BACKPRESSURE &&
            m.level() == QueueLevel.CRITICAL && m.dropped() >= 3, 1, 5_000);
        assertEquals(1, told.size(), "a backpressure notice, level critical, counting the shed messages: " +
            sink.ofKind(OutboundKind.NOTICE));
        assertTrue(sink.sent().stream().noneMatch(m -> m.text() != null && m.text().startsWith("shed")));
    }

    @Test
    void shouldEvictWhenCriticalOverflowsAStalledStreamsQueue() throws Exception
    {
        start(EngineConfig.builder().groups(1).queueBounds(16, 1 << 20).inflight(1 << 20, 1));
        final RecordingSink sink = open(1);
        sink.stall(true);
        for (int i = 0; i < 40; i++)
        {
            engine.send(1, Priority.CRITICAL, "c" + i);
        }

        assertTrue(sink.awaitClose(5_000));
        assertEquals(1008, sink.closeCode());
        assertTrue(sink.closeReason().contains("critical queue overflow"), sink.closeReason());
    }

    @Test
    void shouldPauseReadingWhenControlRepliesPileUpAndResumeWhenTheyDrain() throws Exception
    {
        start(EngineConfig.builder().groups(1).controlLaneMessages(16).inflight(1 << 20, 1));
        final RecordingSink sink = open(1);
        sink.stall(true);
        for (int i = 0; i < 9; i++)
        {
            engine.send(1, Priority.CONTROL, "pong" + i); // one in flight, then 8 = half the lane
        }
        await(sink::inboundPaused, "reading paused at half the CONTROL lane");
        assertEquals(1, sink.inboundPauses());
        assertEquals(0, sink.closeCode(), "a full-ish lane pauses reading; it does not evict");

        sink.release();
        await(() -> !sink.inboundPaused(), "reading resumed once the lane drained");
        assertEquals(9, sink.await(m -> m.text() != null && m.text().startsWith("pong"), 9, 5_000).size());
        assertEquals(1, sink.inboundResumes());
        assertEquals(1, engine.snapshot().inboundPauses());
    }

    /**
     * Returns once the group has run a whole duty cycle (rings, then every active stream's hand-overs) after what
     * the test published so far: a command behind it on the same ring is handled, then a second one, which a cycle's
     * ring poll can only take in the next cycle.
     */
    private void afterAFullDutyCycle() throws InterruptedException
    {
        for (int i = 0; i < 2; i++)
        {
            final int before = commands.handled();
            assertTrue(engine.inbound(1, Priority.IMPORTANT, "sub:barrier"));
            await(() -> commands.handled() > before, "the group handled the barrier");
        }
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        assertTrue(Await.until(condition::getAsBoolean, 5_000), "timed out waiting for: " + what);
    }

    @Test
    void shouldHandAStalledTransportExactlyMaxInflightMessages() throws Exception
    {
        start(EngineConfig.builder().groups(1).inflight(1 << 20, 3));
        final RecordingSink sink = open(1);
        sink.stall(true);
        for (int i = 0; i < 10; i++)
        {
            engine.send(1, Priority.IMPORTANT, "m" + i);
        }
        assertTrue(Await.until(() -> engine.stream(1).queued() == 7, 5_000), "7 wait behind the 3 in flight");
        afterAFullDutyCycle();
        assertEquals(3, sink.sent().size(), "3 in flight, not the 4 of the tracker's power-of-two slots");
        sink.release();
        assertEquals(10, sink.await(m -> true, 10, 5_000).size());
    }

    @Test
    void shouldNeverHandAStalledTransportMoreThanTheInflightBudget() throws Exception
    {
        start(EngineConfig.builder().groups(1).inflight(10_000, 1000).queueBounds(1000, 1 << 20));
        final RecordingSink sink = open(1);
        sink.stall(true);
        final String kb = "x".repeat(1000);
        for (int i = 0; i < 100; i++)
        {
            engine.send(1, Priority.IMPORTANT, kb);
        }
        afterAFullDutyCycle(); // the budget holds the rest back

        assertEquals(10, sink.sent().size(), "10 x 1000 bytes fill the 10,000-byte budget");
        assertEquals(10_000, engine.stream(1).inflightBytes());
        assertEquals(90, engine.stream(1).queued());
        sink.release();
        assertEquals(100, sink.await(m -> true, 100, 5_000).size());
    }

    @Test
    void shouldNotDelayAFastStreamWhenAnotherStallsInTheSameGroup() throws Exception
    {
        start(EngineConfig.builder().groups(1));
        final RecordingSink fast = open(1);
        final RecordingSink stalled = open(2);
        final long baseline = p99Latency(fast, 1, 0);

        stalled.stall(true);
        final String big = "y".repeat(4000);
        final long withStall = p99Latency(fast, 2, 2_000);
        for (int i = 0; i < 2000; i++)
        {
            engine.send(2, Priority.IMPORTANT, big);
        }

        assertTrue(stalled.sent().size() < 2000, "the stalled stream holds a backlog");
        // Wide bound: both are tens of microseconds; a stalled neighbour must not add milliseconds.
        assertTrue(withStall < Math.max(10 * baseline, 5_000_000),
            "fast stream p99 " + withStall + " ns with a stalled neighbour vs " + baseline + " ns alone");
    }

    /** Sends 500 messages to stream 1 (and floods stream 2 while it does) and returns the p99 hop latency. */
    private long p99Latency(final RecordingSink fast, final int round, final int floodPerMessage)
        throws InterruptedException
    {
        final Histogram h = new Histogram(3);
        final int before = fast.sent().size();
        final String flood = "z".repeat(4000);
        for (int i = 0; i < 500; i++)
        {
            for (int f = 0; f < floodPerMessage / 500; f++)
            {
                engine.send(2, Priority.IMPORTANT, flood);
            }
            final long t0 = System.nanoTime();
            engine.send(1, Priority.IMPORTANT, "r" + round + ":" + i);
            final List<RecordingSink.Sent> got = fast.await(m -> true, before + i + 1, 5_000);
            h.recordValue(Math.max(0, got.get(before + i).arrivedNanos() - t0));
        }
        return h.getValueAtPercentile(99);
    }

    @Test
    void shouldBroadcastToEveryStreamInEveryGroup() throws Exception
    {
        start(EngineConfig.builder().groups(2));
        final List<RecordingSink> sinks = new ArrayList<>();
        for (int s = 0; s < 300; s++)
        {
            sinks.add(open(100 + s));
        }
        for (int i = 0; i < 5; i++)
        {
            assertTrue(engine.broadcast(Priority.CRITICAL, "all:" + i));
        }
        for (final RecordingSink sink : sinks)
        {
            assertEquals(List.of("all:0", "all:1", "all:2", "all:3", "all:4"),
                sink.await(m -> true, 5, 5_000).stream().map(RecordingSink.Sent::text).toList());
        }
    }

    @Test
    void shouldPublishTopicsToSubscribersAcrossGroups() throws Exception
    {
        start(EngineConfig.builder().groups(2));
        final List<RecordingSink> subscribers = new ArrayList<>();
        for (int s = 0; s < 10; s++)
        {
            subscribers.add(open(s));
            engine.inbound(s, Priority.CONTROL, "sub:weather");
        }
        final RecordingSink bystander = open(99);
        assertTrue(Await.until(() -> commands.handled() >= 10, 5_000), "the subscriptions are handled");

        for (int i = 0; i < 3; i++)
        {
            assertTrue(engine.publish("weather", Priority.BULK, "rain" + i));
        }

        for (final RecordingSink sink : subscribers)
        {
            final List<RecordingSink.Sent> got = sink.await(m -> true, 3, 5_000);
            assertEquals(List.of(1L, 2L, 3L), got.stream().map(RecordingSink.Sent::seq).toList());
            assertEquals(OutboundKind.TOPIC, got.get(0).kind());
        }
        assertTrue(bystander.sent().isEmpty());
    }

    @Test
    void shouldTellClientAndListenerWhenTheQueueCrossesTheBackpressureThreshold() throws Exception
    {
        start(EngineConfig.builder().groups(1).queueBounds(10, 1 << 20).inflight(1 << 20, 1));
        final RecordingSink sink = open(1);
        sink.stall(true);
        for (int i = 0; i < 9; i++)
        {
            engine.send(1, Priority.IMPORTANT, "i" + i);
        }
        assertTrue(waitFor(() -> commands.reached(1, StreamState.BACKPRESSURE)));
        sink.release();

        final List<RecordingSink.Sent> notices = sink.await(m -> m.notice() == Notice.BACKPRESSURE, 1, 5_000);
        assertFalse(notices.isEmpty());
        assertTrue(notices.get(0).level().ordinal() >= QueueLevel.HIGH.ordinal());
        assertTrue(engine.stream(1).backpressureEvents() >= 1);
    }

    @Test
    void shouldDeliverQueuedCriticalAndControlOnStopThenCloseWith1001() throws Exception
    {
        start(EngineConfig.builder().groups(1).stopTimeoutMs(5_000).inflight(1 << 20, 1));
        final RecordingSink sink = open(1);
        sink.delay(1);
        for (int i = 0; i < 200; i++)
        {
            engine.send(1, Priority.CRITICAL, "c" + i);
            engine.send(1, Priority.BULK, "b" + i);
        }
        engine.send(1, Priority.CONTROL, "k");

        engine.close();

        final List<RecordingSink.Sent> sent = sink.sent();
        assertEquals(200, sent.stream().filter(m -> m.priority() == Priority.CRITICAL).count());
        assertEquals(1, sent.stream().filter(m -> m.priority() == Priority.CONTROL).count());
        assertEquals(1001, sink.closeCode());
        assertFalse(engine.send(1, Priority.CRITICAL, "after stop"));
        assertTrue(
            Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ringcast-group")),
            "no group thread outlives close");
    }

    @Test
    void shouldFireHandlerTimersOnTimeAndNeverAfterCancel() throws Exception
    {
        start(EngineConfig.builder().groups(1));
        open(1);
        engine.inbound(1, Priority.CONTROL, "timer-cancelled:30");
        engine.inbound(1, Priority.CONTROL, "timer:50");
        assertTrue(waitFor(() -> !commands.timers.isEmpty()));
        Thread.sleep(100); // a window in which the cancelled timer must not fire
        assertEquals(1, commands.timers.size(), "the cancelled timer never fires");
        assertEquals(0, commands.timers.get(0)[0]);
        assertTrue(commands.timers.get(0)[1] >= 0 && commands.timers.get(0)[1] < 20_000_000L,
            "fired " + commands.timers.get(0)[1] / 1000 + " us after its deadline");
    }

    @Test
    void shouldReportErrorsFromTheHandlerWithoutHarmingOtherStreams() throws Exception
    {
        start(EngineConfig.builder().groups(1));
        final RecordingSink one = open(1);
        open(2);
        engine.inbound(2, Priority.CONTROL, "no-such-command");
        engine.send(1, Priority.CRITICAL, "still here");

        assertEquals(1, one.await(m -> true, 1, 5_000).size());
        assertTrue(waitFor(() -> error.get() != null));
        assertNotNull(engine.stream(2), "a handler error does not close the stream");
        assertEquals(1, engine.snapshot().errors());
    }

    private static boolean waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        return Await.until(condition::getAsBoolean, 5_000);
    }
}
