package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's {@code cycleEnd} runs on the group thread after the sink calls of each duty cycle: a transport that
 * queues writes for another thread may wake that thread there, once per cycle, and no send is left unannounced.
 */
@Tag("integration")
class CycleEndTest
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

    /** A transport that only queues: what it queued leaves when the group's cycle ends. */
    private static final class QueueingSink implements StreamSink
    {
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger written = new AtomicInteger();
        final Set<String> sendThreads = ConcurrentHashMap.newKeySet();
        final Set<String> flushThreads = ConcurrentHashMap.newKeySet();

        @Override
        public boolean send(final Outbound m, final SendCompletion done)
        {
            sendThreads.add(Thread.currentThread().getName());
            queued.incrementAndGet();
            done.sendComplete();
            return true;
        }

        void cycleEnded()
        {
            final int n = queued.getAndSet(0);
            if (n > 0)
            {
                flushThreads.add(Thread.currentThread().getName());
                written.addAndGet(n);
            }
        }

        @Override
        public void close(final int code, final String reason)
        {
        }

        @Override
        public void pauseInbound()
        {
        }

        @Override
        public void resumeInbound()
        {
        }
    }

    @Test
    void shouldEndEveryCycleThatSentWithCycleEndOnTheGroupThread() throws Exception
    {
        final QueueingSink sink = new QueueingSink();
        engine = RingEngine.start(EngineConfig.builder().groups(1).cycleEnd(sink::cycleEnded).build());
        assertTrue(engine.open(1, sink, null));
        assertTrue(Await.until(() -> engine.stream(1) != null, 1_000), "the stream opens");
        for (int i = 0; i < 200; i++)
        {
            assertTrue(engine.send(1, Priority.CRITICAL, "m" + i));
        }
        assertTrue(Await.until(() -> sink.written.get() == 200, 5_000),
            "sends flushed by cycleEnd: " + sink.written.get() + " of 200");
        assertEquals(sink.sendThreads, sink.flushThreads, "cycleEnd runs on the thread that sent");
        assertTrue(sink.sendThreads.stream().allMatch(t -> t.startsWith("ringcast-group-")),
            sink.sendThreads.toString());
        assertEquals(0, sink.queued.get(), "nothing left queued");
    }
}
