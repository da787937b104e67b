package io.ringcast.perf.harness.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A value sampled over time that is not a latency (server heap, RSS): drawn as a line in the report.
 */
public final class GaugeSeries
{
    private final String name;
    private final String unit;
    private final List<double[]> points = new ArrayList<>();

    /**
     * @param name the series name.
     * @param unit its unit.
     */
    public GaugeSeries(final String name, final String unit)
    {
        this.name = name;
        this.unit = unit;
    }

    /** @return the series name. */
    public String name()
    {
        return name;
    }

    /** @return its unit. */
    public String unit()
    {
        return unit;
    }

    /**
     * @param seconds since the run started.
     * @param value   the sample (NaN is skipped).
     */
    public synchronized void add(final double seconds, final double value)
    {
        if (!Double.isNaN(value))
        {
            points.add(new double[]{seconds, value});
        }
    }

    /** @return {seconds, value} pairs in time order. */
    public synchronized List<double[]> points()
    {
        return new ArrayList<>(points);
    }
}
