package io.ringcast.perf.harness.scenario;

import java.util.Locale;

/**
 * One figure of a run: measured value, and the SLO it is held to (or none: informational).
 *
 * @param scenario the scenario that measured it.
 * @param name     what it is ({@code fal p95 @10 sessions}).
 * @param measured the value.
 * @param unit     {@code ms}, {@code msg/s}, {@code count}, ...
 * @param target   the SLO as text ({@code < 300 ms}), or empty when informational.
 * @param pass     true/false against the target, null when informational or not judged.
 * @param notJudged why a target that exists was not judged on this run (say, a machine too small to hold it), or null.
 */
public record Metric(String scenario, String name, double measured, String unit, String target, Boolean pass,
    String notJudged)
{
    /** How a measured value is compared with its limit. */
    public enum Rule
    {
        /** measured &lt; limit. */
        BELOW("<"),
        /** measured &le; limit. */
        AT_MOST("<="),
        /** measured &gt; limit. */
        ABOVE(">"),
        /** measured &ge; limit. */
        AT_LEAST(">="),
        /** measured == limit. */
        EQUALS("==");

        private final String symbol;

        Rule(final String symbol)
        {
            this.symbol = symbol;
        }

        boolean holds(final double measured, final double limit)
        {
            return switch (this)
            {
                case BELOW -> measured < limit;
                case AT_MOST -> measured <= limit;
                case ABOVE -> measured > limit;
                case AT_LEAST -> measured >= limit;
                case EQUALS -> measured == limit;
            };
        }
    }

    /** @return an informational figure. */
    public static Metric info(final String scenario, final String name, final double measured, final String unit)
    {
        return new Metric(scenario, name, measured, unit, "", null, null);
    }

    /**
     * @return a figure with a target that this run does not judge, and why: it neither passes nor fails the run.
     */
    public static Metric notJudged(final String scenario, final String name, final double measured, final String unit,
        final Rule rule, final double limit, final String why)
    {
        return new Metric(scenario, name, measured, unit, rule.symbol + " " + format(limit) + " " + unit, null, why);
    }

    /** @return a figure held to {@code measured RULE limit}. */
    public static Metric slo(final String scenario, final String name, final double measured, final String unit,
        final Rule rule, final double limit)
    {
        return new Metric(scenario, name, measured, unit, rule.symbol + " " + format(limit) + " " + unit,
            rule.holds(measured, limit),
            null);
    }

    /** @return the measured value as text. */
    public String measuredText()
    {
        return format(measured) + " " + unit;
    }

    /** @return "pass", "FAIL", "not judged" or "info". */
    public String verdict()
    {
        return pass != null ? (pass ? "pass" : "FAIL") : notJudged != null ? "not judged" : "info";
    }

    /** @return a number with up to 3 decimals, no trailing zeros. */
    public static String format(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return String.format(Locale.ROOT, "%d", (long)v);
        }
        final String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
