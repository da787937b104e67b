package io.ringcast.perf.harness.report;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class TicksTest
{
    @Test
    void shouldStepOnOneTwoFive()
    {
        assertEquals(1, Ticks.niceStep(4.2, 5), 1e-12);
        assertEquals(2, Ticks.niceStep(6.3, 5), 1e-12);
        assertEquals(5, Ticks.niceStep(23, 5), 1e-12);
        assertEquals(10, Ticks.niceStep(37, 5), 1e-12);
        assertEquals(0.1, Ticks.niceStep(0.3, 3), 1e-12);
        assertEquals(0.002, Ticks.niceStep(0.0083, 5), 1e-12);
        assertEquals(20_000, Ticks.niceStep(87_000, 5), 1e-9);
    }

    @Test
    void shouldEndAValueAxisOnTheFirstTickAboveTheMaximum()
    {
        final Ticks t = Ticks.fromZero(6.3, 5);
        assertEquals(List.of("0", "2", "4", "6", "8"), t.values().stream().map(t::label).toList());
        assertEquals(8, t.top(), 1e-12);
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5"), labels(Ticks.fromZero(1.3, 4)));
        assertEquals(List.of("0.0", "0.5", "1.0"), labels(Ticks.fromZero(0, 4)), "an empty chart still has an axis");
    }

    @Test
    void shouldNeverRepeatALabelOnAShortTimeAxis()
    {
        // The old axis printed fmt(min + span * t / 5): 101.2, 101.4, ... rounded to "101" five times.
        for (final double[] range : new double[][]{{100.3, 101.9}, {0.5, 2.5}, {12.01, 12.04}, {3, 3.0001}, {0, 3600}})
        {
            final Ticks t = Ticks.within(range[0], range[1], 6);
            final List<String> labels = labels(t);
            final Set<String> distinct = new HashSet<>(labels);
            assertEquals(labels.size(), distinct.size(), "repeated label in " + labels);
            assertTrue(labels.size() >= 2, "at least two ticks in " + List.of(range[0], range[1]) + ": " + labels);
            assertTrue(t.values().get(0) >= range[0] - 1e-9 && t.top() <= range[1] + 1e-9,
                "ticks inside the range: " + labels);
        }
        assertEquals(List.of("100.5", "101.0", "101.5"), labels(Ticks.within(100.3, 101.9, 6)));
    }

    private static List<String> labels(final Ticks t)
    {
        return t.values().stream().map(t::label).toList();
    }
}
