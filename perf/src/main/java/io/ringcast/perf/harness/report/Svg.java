package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.Interval;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Inline SVG charts for the reports, values in ms: percentile curves on the log-scale "1/(1-percentile)" x
 * axis that HdrHistogram plots use (0%, 90%, 99%, ... 99.9999%), several overlaid in one chart, and lines
 * over run time. Axes tick on 1-2-5 steps ({@link Ticks}) and name their unit; p99 is marked with a dot and
 * max with a square (in the legend too), so p99 stays visible when the maximum lies on top of it. No scripts.
 */
public final class Svg
{
    private static final String[] COLORS =
        {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22", "#393b79", "#637939"};

    /**
     * A named line of (x, y) points.
     *
     * @param label  legend text.
     * @param points (x, y) pairs.
     * @param color  stroke colour, or null for the next of the palette.
     * @param dashed a thin dashed line (maxima, drawn under the rest).
     * @param dots   a dot on every point (p99 over time, drawn over the maxima).
     */
    public record Line(String label, List<double[]> points, String color, boolean dashed, boolean dots)
    {
        /** A plain solid line in the next palette colour. */
        public Line(final String label, final List<double[]> points)
        {
            this(label, points, null, false, false);
        }
    }

    /**
     * One percentile curve.
     *
     * @param label     legend text (its p99 and max are added).
     * @param histogram values in µs.
     */
    public record Curve(String label, Histogram histogram)
    {
    }

    /**
     * One series' latency over time.
     *
     * @param label     legend stem.
     * @param intervals its intervals.
     */
    public record Timeline(String label, List<Interval> intervals)
    {
    }

    private Svg()
    {
    }

    /**
     * @param corrected µs histogram, from intended send times.
     * @param raw       µs histogram, from actual send times, or null; drawn only when it differs from corrected.
     * @return a percentile plot, values in ms.
     */
    public static String percentilePlot(final Histogram corrected, final Histogram raw)
    {
        final List<Curve> curves =
            new ArrayList<>(List.of(new Curve(raw == null || raw.equals(corrected) ? "latency" : "corrected",
                corrected)));
        if (raw != null && !raw.equals(corrected))
        {
            curves.add(new Curve("raw", raw));
        }
        return percentilePlot(curves, "latency (ms)");
    }

    /**
     * @param curves histograms to overlay (empty ones are left out).
     * @param yLabel the value axis title, with its unit.
     * @return a percentile plot, values in ms, x up to the decade the largest count reaches (3 to 6).
     */
    public static String percentilePlot(final List<Curve> curves, final String yLabel)
    {
        final long most = curves.stream().mapToLong(c -> c.histogram().getTotalCount()).max().orElse(0);
        final int decades = (int)Math.max(3, Math.min(6, Math.ceil(Math.log10(Math.max(1, most)))));
        final List<Line> lines = new ArrayList<>();
        final List<double[][]> marks = new ArrayList<>();
        for (final Curve c : curves)
        {
            final Histogram h = c.histogram();
            if (h.getTotalCount() == 0)
            {
                continue;
            }
            final double p99 = h.getValueAtPercentile(99) / 1000.0;
            final double max = h.getMaxValue() / 1000.0;
            lines.add(new Line(c.label() + ": p99 " + Units.ms(p99) + ", max " + Units.ms(max), points(h, decades),
                COLORS[lines.size() % COLORS.length], false, false));
            marks.add(new double[][]{{2, p99}, {decades, max}});
        }
        final List<String> labels = new ArrayList<>();
        for (int d = 0; d <= decades; d++)
        {
            labels.add(d == 0 ? "0%" : d == 1 ? "90%" : d == 2 ? "99%" : "99." + "9".repeat(d - 2) + "%");
        }
        final SvgChart chart = new SvgChart(lines, "percentile (log scale: 1/(1-p))", yLabel, 0, decades);
        final StringBuilder b = chart.open();
        for (int d = 0; d <= decades; d++)
        {
            chart.xTick(b, d, labels.get(d));
        }
        chart.lines(b);
        for (int i = 0; i < marks.size(); i++)
        {
            final String color = lines.get(i).color();
            chart.dot(b, marks.get(i)[0][0], marks.get(i)[0][1], color);
            chart.square(b, marks.get(i)[1][0], marks.get(i)[1][1], color);
        }
        return b.append("</svg>").toString();
    }

    private static List<double[]> points(final Histogram h, final int decades)
    {
        final List<double[]> pts = new ArrayList<>();
        for (final HistogramIterationValue v : h.percentiles(5))
        {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            final double x = p >= 1.0 ? decades : Math.min(decades, Math.log10(1.0 / (1.0 - p)));
            pts.add(new double[]{x, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0});
            if (p >= 1.0)
            {
                break;
            }
        }
        return pts;
    }

    /**
     * @param timeline intervals of a series.
     * @return p50, p99 and max over time, ms against run seconds.
     */
    public static String timeline(final List<Interval> timeline)
    {
        final List<double[]> p50 = new ArrayList<>();
        for (final Interval i : timeline)
        {
            p50.add(new double[]{i.offsetSeconds(), i.p50Micros() / 1000.0});
        }
        final List<Line> pm = p99AndMax(new Timeline("", timeline), COLORS[0]);
        final Line max = pm.get(0);
        return lineChart(
            List.of(new Line(max.label(), max.points(), COLORS[1], true, false), new Line("p50", p50, COLORS[2], false,
                false), pm.get(1)),
            "run time (s)", "latency (ms)");
    }

    /**
     * @param series several series' intervals (phases of one scenario, say).
     * @return each series' p99 (solid, dots) and max (dashed) over time in its own colour.
     */
    public static String timelines(final List<Timeline> series)
    {
        final List<Line> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++)
        {
            lines.addAll(p99AndMax(series.get(i), COLORS[i % COLORS.length]));
        }
        return lineChart(lines, "run time (s)", "latency (ms)");
    }

    private static List<Line> p99AndMax(final Timeline t, final String color)
    {
        final List<double[]> p99 = new ArrayList<>();
        final List<double[]> max = new ArrayList<>();
        for (final Interval i : t.intervals())
        {
            p99.add(new double[]{i.offsetSeconds(), i.p99Micros() / 1000.0});
            max.add(new double[]{i.offsetSeconds(), i.maxMicros() / 1000.0});
        }
        final String stem = t.label().isEmpty() ? "" : t.label() + " ";
        // max first: drawn underneath, so a p99 equal to it stays in sight.
        return List.of(new Line(stem + "max", max, color, true, false),
            new Line(stem + "p99", p99, color, false, true));
    }

    /**
     * @param lines  lines to draw, in order (later ones on top).
     * @param xLabel x axis title with its unit.
     * @param yLabel y axis title with its unit.
     * @return a line chart whose x axis spans the data and whose y axis starts at 0.
     */
    public static String lineChart(final List<Line> lines, final String xLabel, final String yLabel)
    {
        final List<Line> coloured = new ArrayList<>();
        for (final Line l : lines)
        {
            coloured.add(l.color() != null
                ? l
                : new Line(l.label(), l.points(), COLORS[coloured.size() % COLORS.length], l.dashed(),
                    l.dots()));
        }
        final double minX = coloured.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[0]).min().orElse(0);
        final double maxX = coloured.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[0]).max().orElse(1);
        final double hi = maxX > minX ? maxX : minX + 1;
        final SvgChart chart = new SvgChart(coloured, xLabel, yLabel, minX, hi);
        final StringBuilder b = chart.open();
        final Ticks ticks = Ticks.within(minX, hi, 6);
        ticks.values().forEach(v -> chart.xTick(b, v, ticks.label(v)));
        chart.lines(b);
        return b.append("</svg>").toString();
    }
}
