package io.ringcast.engine.queue;

import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ringcast.engine.Priority.BULK;
import static io.ringcast.engine.Priority.CONTROL;
import static io.ringcast.engine.Priority.CRITICAL;
import static io.ringcast.engine.Priority.IMPORTANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@Tag("unit")
class OutboundQueueTest
{
    private final List<String> dropped = new ArrayList<>();
    private final OutboundQueue queue = new OutboundQueue(10, 1_000, 4, 0.7, 0.9, m -> dropped.add(m.text()));

    private boolean offer(final Priority p, final String text)
    {
        return offer(p, text, 10);
    }

    private boolean offer(final Priority p, final String text, final int bytes)
    {
        final OutboundMessage m = queue.offer(p, bytes);
        if (m != null)
        {
            m.text(text);
        }
        return m != null;
    }

    private List<String> drain()
    {
        final List<String> out = new ArrayList<>();
        int lane;
        while ((lane = queue.nextLane()) >= 0)
        {
            out.add(queue.peek(lane).text());
            queue.pop(lane);
        }
        return out;
    }

    @Test
    void shouldDrainLanesInStrictPriorityOrderAndFifoWithinLane()
    {
        offer(BULK, "b1");
        offer(IMPORTANT, "i1");
        offer(CRITICAL, "c1");
        offer(CONTROL, "k1");
        offer(BULK, "b2");
        offer(CRITICAL, "c2");

        assertEquals(List.of("k1", "c1", "c2", "i1", "b1", "b2"), drain());
    }

    @Test
    void shouldEvictOldestBulkWhenCriticalArrivesAtFullQueue()
    {
        for (int i = 0; i < 5; i++)
        {
            offer(IMPORTANT, "i" + i);
        }
        for (int i = 0; i < 4; i++)
        {
            offer(BULK, "b" + i);
        }
        offer(CRITICAL, "c0"); // 10th: full now
        assertEquals(List.of(), dropped);

        assertNotNull(queue.offer(CRITICAL, 10));
        assertEquals(List.of("b0"), dropped);
    }

    @Test
    void shouldCascadeFromBulkToImportantWhenCriticalKeepsArriving()
    {
        for (int i = 0; i < 8; i++)
        {
            offer(IMPORTANT, "i" + i);
        }
        offer(BULK, "b0");
        offer(BULK, "b1");

        for (int i = 0; i < 4; i++)
        {
            offer(CRITICAL, "c" + i);
        }

        assertEquals(List.of("b0", "b1", "i0", "i1"), dropped);
        assertEquals(List.of("c0", "c1", "c2", "c3", "i2", "i3", "i4", "i5", "i6", "i7"), drain());
    }

    @Test
    void shouldReportOverflowWhenCriticalLaneAloneIsFull()
    {
        for (int i = 0; i < 10; i++)
        {
            offer(CRITICAL, "c" + i);
        }

        assertNull(queue.offer(CRITICAL, 10));
        assertEquals(OutboundQueue.OVERFLOW, queue.lastResult());
        assertEquals(List.of(), dropped, "no CRITICAL message may be dropped to make room");
    }

    @Test
    void shouldRefuseImportantWhenNoBulkIsLeftToEvict()
    {
        for (int i = 0; i < 10; i++)
        {
            offer(IMPORTANT, "i" + i);
        }

        assertNull(queue.offer(IMPORTANT, 10));
        assertEquals(OutboundQueue.REFUSED, queue.lastResult());
    }

    @Test
    void shouldRefuseBulkAboveDropBulkThreshold()
    {
        for (int i = 0; i < 9; i++)
        {
            offer(IMPORTANT, "i" + i);
        }
        assertEquals(QueueLevel.HIGH, queue.level(), "0.9 is not above the threshold");
        assertNotNull(queue.offer(BULK, 10), "at 0.9 BULK is still admitted");

        assertEquals(QueueLevel.CRITICAL, queue.level());
        queue.pop(queue.nextLane()); // 0.9 again
        offer(IMPORTANT, "i9"); // 1.0
        assertNull(queue.offer(BULK, 1));
        assertEquals(OutboundQueue.REFUSED, queue.lastResult());
    }

    @Test
    void shouldBoundByBytesAsWellAsCount()
    {
        assertNotNull(queue.offer(IMPORTANT, 600));
        assertNull(queue.offer(IMPORTANT, 500), "600 + 500 bytes exceed the 1000-byte bound");
        assertNotNull(queue.offer(IMPORTANT, 400));
        assertEquals(1_000, queue.sizeBytes());
        assertEquals(QueueLevel.CRITICAL, queue.level());
    }

    @Test
    void shouldRaiseLevelsAtThresholds()
    {
        for (int i = 0; i < 7; i++)
        {
            offer(IMPORTANT, "i" + i);
        }
        assertEquals(QueueLevel.NORMAL, queue.level());
        offer(IMPORTANT, "i7");
        assertEquals(QueueLevel.HIGH, queue.level());
        offer(IMPORTANT, "i8");
        offer(IMPORTANT, "i9");
        assertEquals(QueueLevel.CRITICAL, queue.level());
    }

    @Test
    void shouldKeepControlInItsOwnReservedLane()
    {
        for (int i = 0; i < 10; i++)
        {
            offer(CRITICAL, "c" + i);
        }
        for (int i = 0; i < 4; i++)
        {
            assertNotNull(queue.offer(CONTROL, 10), "CONTROL does not share the full bound");
        }
        assertNull(queue.offer(CONTROL, 10));
        assertEquals(OutboundQueue.OVERFLOW, queue.lastResult());
    }

    @Test
    void shouldRemoveAudioFramesAndKeepTheRestInOrder()
    {
        final byte[] pcm = new byte[4];
        for (int i = 0; i < 6; i++)
        {
            final OutboundMessage m = queue.offer(IMPORTANT, 10);
            if (i % 2 == 0)
            {
                m.audio("utterance", 1, i, false, pcm, 0, 4);
            }
            else
            {
                m.text("t" + i);
            }
        }
        final List<Long> removed = new ArrayList<>();

        assertEquals(3, queue.removeAudio(m -> removed.add(m.seq())));
        assertEquals(List.of(0L, 2L, 4L), removed);
        assertEquals(List.of("t1", "t3", "t5"), drain());
        assertEquals(0, queue.size());
    }

    @Test
    void shouldTakeOneOversizedMessageWhenEmpty()
    {
        assertNotNull(queue.offer(IMPORTANT, 5_000));
        assertNull(queue.offer(IMPORTANT, 1));
    }
}
