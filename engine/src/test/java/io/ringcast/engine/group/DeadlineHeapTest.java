package io.ringcast.engine.group;

import org.agrona.DeadlineTimerWheel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The earliest deadline the heap reports is the wheel's own, whatever was scheduled, cancelled or fired. */
@Tag("unit")
class DeadlineHeapTest
{
    private static long walkedEarliest(final DeadlineTimerWheel wheel)
    {
        final long[] min = {Long.MAX_VALUE};
        wheel.forEach((deadline, timerId) -> min[0] = Math.min(min[0], deadline));
        return min[0];
    }

    @Test
    void shouldReportTheWheelsEarliestDeadlineThroughSchedulesCancelsAndFires()
    {
        final DeadlineTimerWheel wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, 1L << 16, 1024);
        final DeadlineHeap heap = new DeadlineHeap();
        final Random random = new Random(42);
        final List<Long> live = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 20_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5)
            {
                // pacing-like deadlines: on 5 ms ticks up to 100 ms ahead, some beyond the wheel's 67 ms span
                final long deadline = now + (1 + random.nextInt(20)) * 5_000_000L + (random.nextBoolean() ? 0 : 7);
                final long id = wheel.scheduleTimer(deadline);
                heap.add(deadline, id);
                live.add(id);
            }
            else if (op < 7 && !live.isEmpty())
            {
                wheel.cancelTimer(live.remove(random.nextInt(live.size())));
            }
            else
            {
                now += random.nextInt(3_000_000);
                final long at = now;
                final DeadlineTimerWheel.TimerHandler fire = (unit, t, id) ->
                {
                    live.remove(id);
                    return true;
                };
                for (int i = 0; i < 10_000 && wheel.timerCount() > 0 && wheel.currentTickTime() <= at; i++)
                {
                    wheel.poll(at, fire, Integer.MAX_VALUE);
                }
            }
            assertEquals(walkedEarliest(wheel), heap.earliest(wheel), "step " + step);
        }
        assertTrue(heap.size() < 2_000, "stale entries are dropped as they surface: " + heap.size() + " held");
    }
}
