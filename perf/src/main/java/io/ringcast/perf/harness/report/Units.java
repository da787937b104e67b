package io.ringcast.perf.harness.report;

import java.util.Locale;

/**
 * The one time unit of every report: milliseconds, named in every file ({@code .hgrm} header line), column
 * and key ({@code _ms}). Histograms hold µs (3 significant digits down to 1 µs); only the reports scale them.
 */
public final class Units
{
    /** The unit's name. */
    public static final String TIME = "ms";

    /** µs per ms: the scale HdrHistogram's writers divide µs values by. */
    public static final double MICROS_PER_MS = 1000.0;

    private Units()
    {
    }

    /**
     * @param ms a time in ms.
     * @return it with 3 significant digits (at least the µs digit below 1 ms) and the unit: {@code 0.042 ms},
     *     {@code 1.23 ms}, {@code 12.3 ms}, {@code 412 ms}.
     */
    public static String ms(final double ms)
    {
        if (Double.isNaN(ms))
        {
            return "n/a";
        }
        final String f = ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : ms >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, ms) + " " + TIME;
    }

    /**
     * @param stem a JSON key or column stem ({@code corrected}).
     * @return it with the unit ({@code corrected_ms}).
     */
    public static String key(final String stem)
    {
        return stem + "_" + TIME;
    }

    /**
     * @param what the series and how it was measured.
     * @return the first line of a {@code .hgrm} file: a comment the plotters skip, naming the unit.
     */
    public static String hgrmHeader(final String what)
    {
        return "# " + what.replace('\n', ' ') + " | Value column in ms (milliseconds)";
    }
}
