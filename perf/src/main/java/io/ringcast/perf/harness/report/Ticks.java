package io.ringcast.perf.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks on "nice" 1-2-5 steps (1, 2, 5, 10, 20, 50, ... times a power of ten), labelled with as many
 * decimals as the step needs and no more, so two ticks never print the same label and a value axis never
 * stops at an odd figure such as 6.3.
 *
 * @param values the tick values, ascending, from the first multiple of the step at or above the low end.
 * @param step   the distance between two ticks.
 */
record Ticks(List<Double> values, double step)
{
    /**
     * @param span     the range to cover (&gt; 0; anything else is taken as 1).
     * @param maxTicks most intervals wanted across it.
     * @return the smallest 1-2-5 step that covers {@code span} in at most {@code maxTicks} intervals.
     */
    static double niceStep(final double span, final int maxTicks)
    {
        final double raw = (span > 0 && Double.isFinite(span) ? span : 1) / Math.max(1, maxTicks);
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double norm = raw / magnitude;
        // A hair of tolerance: 0.3 / 3 is 0.09999999999999999, which is a step of 0.1, not 0.2.
        final double nice = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /**
     * Ticks for a value axis that starts at zero: the top is the first tick at or above {@code max}.
     *
     * @param max      the largest value to show.
     * @param maxTicks most intervals wanted.
     * @return ticks 0, step, ... up to and including the first at or above {@code max}.
     */
    static Ticks fromZero(final double max, final int maxTicks)
    {
        final double top = max > 0 && Double.isFinite(max) ? max : 1;
        final double step = niceStep(top, maxTicks);
        final List<Double> v = new ArrayList<>();
        final long last = (long)Math.ceil(top / step - 1e-9);
        for (long i = 0; i <= Math.max(1, last); i++)
        {
            v.add(i * step);
        }
        return new Ticks(v, step);
    }

    /**
     * Ticks inside a range (a time axis whose ends are the data's own ends).
     *
     * @param min      low end.
     * @param max      high end.
     * @param maxTicks most intervals wanted.
     * @return the multiples of a nice step within [min, max].
     */
    static Ticks within(final double min, final double max, final int maxTicks)
    {
        final double step = niceStep(max - min, maxTicks);
        final List<Double> v = new ArrayList<>();
        for (long i = (long)Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++)
        {
            v.add(i * step);
        }
        return new Ticks(v, step);
    }

    /** @return the top tick. */
    double top()
    {
        return values.get(values.size() - 1);
    }

    /**
     * @param value a tick value.
     * @return the value with the decimals the step needs (step 0.5: one; 20: none; 0.002: three).
     */
    String label(final double value)
    {
        final int decimals = (int)Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        final String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return s.matches("-0(\\.0+)?") ? s.substring(1) : s;
    }
}
