package io.ringcast.perf.harness.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * One SVG chart's geometry and drawing: a legend band on top (wrapping), a value axis from 0 to a nice top
 * ({@link Ticks}), x from lo to hi; lines drawn in order, dashed ones thinner, dots on the lines that ask.
 */
final class SvgChart
{
    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int BOTTOM = 40;
    private static final int RIGHT = 18;
    private static final int LEGEND_ROW = 15;

    private final List<Svg.Line> lines;
    private final String xLabel;
    private final String yLabel;
    private final Ticks y;
    private final int top;
    private final DoubleUnaryOperator px;

    SvgChart(final List<Svg.Line> lines, final String xLabel, final String yLabel, final double lo, final double hi)
    {
        this.lines = lines;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.y =
            Ticks.fromZero(lines.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[1]).max().orElse(1), 5);
        this.top = 8 + LEGEND_ROW * legendRows();
        this.px = v -> LEFT + (W - LEFT - RIGHT) * (v - lo) / (hi - lo);
    }

    private int legendRows()
    {
        int rows = 1;
        double x = LEFT;
        for (final Svg.Line l : lines)
        {
            final double w = itemWidth(l);
            if (x + w > W - RIGHT && x > LEFT)
            {
                rows++;
                x = LEFT;
            }
            x += w;
        }
        return rows;
    }

    private static double itemWidth(final Svg.Line l)
    {
        return 40 + 6.4 * l.label().length();
    }

    /** @return the y pixel of value {@code v}. */
    double py(final double v)
    {
        return H - BOTTOM - (H - top - BOTTOM) * v / y.top();
    }

    /** @return the SVG so far: frame, axis titles, value ticks and the legend; the caller adds x ticks and lines. */
    StringBuilder open()
    {
        final StringBuilder b = new StringBuilder(8192);
        b.append(f(
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' " +
                "font-family='sans-serif'>",
            W, H, W, H));
        b.append(
            f("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>", LEFT, top, W - LEFT - RIGHT,
                H - top - BOTTOM));
        b.append(
            f("<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>", LEFT + (W - LEFT - RIGHT) / 2, H - 6,
                esc(xLabel)));
        final int mid = top + (H - top - BOTTOM) / 2;
        b.append(f("<text x='12' y='%d' font-size='11' text-anchor='middle' transform='rotate(-90 12 %d)'>%s</text>",
            mid, mid,
            esc(yLabel)));
        for (final double v : y.values())
        {
            b.append(f("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT, py(v), W - RIGHT, py(v)));
            b.append(
                f("<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", LEFT - 4, py(v) + 3, y.label(v)));
        }
        double x = LEFT;
        int row = 0;
        for (final Svg.Line l : lines)
        {
            if (x + itemWidth(l) > W - RIGHT && x > LEFT)
            {
                row++;
                x = LEFT;
            }
            final int ly = 12 + LEGEND_ROW * row;
            b.append(f("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' stroke-width='2'%s/>", x, ly - 4, x + 18,
                ly - 4,
                l.color(), l.dashed() ? " stroke-dasharray='4 3'" : ""));
            b.append(
                f("<text x='%.1f' y='%d' font-size='11' fill='%s'>%s</text>", x + 22, ly, l.color(), esc(l.label())));
            x += itemWidth(l);
        }
        return b;
    }

    /** One x tick: a grid line and its label. */
    void xTick(final StringBuilder b, final double v, final String label)
    {
        final double x = px.applyAsDouble(v);
        b.append(f("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>", x, top, x, H - BOTTOM));
        b.append(f("<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", x, H - BOTTOM + 14, label));
    }

    /** Draw the lines in order, so later ones (p99) lie over earlier ones (max). */
    void lines(final StringBuilder b)
    {
        for (final Svg.Line l : lines)
        {
            final StringBuilder pts = new StringBuilder();
            l.points().forEach(p -> pts.append(f("%.1f,%.1f ", px.applyAsDouble(p[0]), py(p[1]))));
            b.append(f("<polyline fill='none' stroke='%s' stroke-width='%s'%s points='%s'/>", l.color(),
                l.dashed() ? "1" : "1.8",
                l.dashed() ? " stroke-dasharray='4 3' opacity='0.7'" : "", pts.toString().trim()));
            if (l.dots())
            {
                l.points().forEach(p -> dot(b, p[0], p[1], l.color()));
            }
        }
    }

    /** A p99 marker. */
    void dot(final StringBuilder b, final double x, final double v, final String color)
    {
        b.append(f("<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", px.applyAsDouble(x), py(v), color));
    }

    /** A maximum marker: hollow, so a p99 dot at the same place still shows. */
    void square(final StringBuilder b, final double x, final double v, final String color)
    {
        b.append(f("<rect x='%.1f' y='%.1f' width='7' height='7' fill='white' stroke='%s' stroke-width='1.5'/>",
            px.applyAsDouble(x) - 3.5, py(v) - 3.5, color));
    }

    private static String f(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
