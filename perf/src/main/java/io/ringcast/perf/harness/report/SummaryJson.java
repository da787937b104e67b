package io.ringcast.perf.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;

/**
 * {@code summary.json}: the run (target, machine, settings), the harness's own overhead, every metric with
 * its target and verdict (with why a target was not judged), the reasons for the verdict, every series' percentiles
 * (corrected and raw, in ms as every key ending {@code _ms} and {@code time_unit} say) and per-scenario notes.
 */
public final class SummaryJson
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] PERCENTILES = {10, 50, 90, 95, 99, 99.9, 99.99};

    private SummaryJson()
    {
    }

    /**
     * @param file where.
     * @param run  the run's header.
     * @throws IOException when it cannot be written.
     */
    public static void write(final File file, final RunReport run) throws IOException
    {
        final ObjectNode root = JSON.createObjectNode();
        root.put("tool", "ringcast bench");
        root.put("started", run.started());
        root.put("target", run.target());
        root.put("url", run.url());
        root.put("passed", run.passed());
        root.put("exit_code", run.passed() ? 0 : 1);
        root.put("time_unit", Units.TIME);
        final ArrayNode reasons = root.putArray("verdict_reasons");
        Headline.failures(run).forEach(reasons::add);
        final ArrayNode notJudged = root.putArray("not_judged");
        Headline.notJudged(run).forEach(m -> notJudged.addObject().put("scenario", m.scenario()).put("name", m.name())
            .put("target", m.target()).put("why", m.notJudged()));
        root.set("machine", JSON.valueToTree(run.machine()));
        root.set("settings", JSON.valueToTree(run.settings()));
        root.set("harness", JSON.valueToTree(run.harness()));
        final ArrayNode metrics = root.putArray("metrics");
        final ArrayNode series = root.putArray("series");
        final ArrayNode scenarios = root.putArray("scenarios");
        for (final ScenarioOutcome o : run.outcomes())
        {
            final ObjectNode sc = scenarios.addObject();
            sc.put("name", o.name());
            sc.put("description", o.description());
            sc.put("seconds", o.seconds());
            if (o.error() != null)
            {
                sc.put("error", o.error());
            }
            final ArrayNode notes = sc.putArray("notes");
            o.context().notes().forEach(notes::add);
            for (final Metric m : o.context().metrics())
            {
                final ObjectNode n = metrics.addObject();
                n.put("scenario", m.scenario());
                n.put("name", m.name());
                if (Double.isNaN(m.measured()))
                {
                    n.putNull("measured");
                }
                else
                {
                    n.put("measured", m.measured());
                }
                n.put("unit", m.unit());
                n.put("target", m.target());
                if (m.pass() == null)
                {
                    n.putNull("pass");
                }
                else
                {
                    n.put("pass", m.pass());
                }
                if (m.notJudged() != null)
                {
                    n.put("not_judged", m.notJudged());
                }
            }
            for (final SeriesRecorder s : o.context().allSeries())
            {
                final ObjectNode n = series.addObject();
                n.put("name", s.name());
                n.put("scenario", s.scenario());
                n.put("description", s.description());
                n.put("hgrm", s.name() + ".hgrm");
                n.put("unit", Units.TIME);
                final Histogram corrected = s.corrected();
                final Histogram raw = s.raw();
                n.set(Units.key("corrected"), percentiles(corrected));
                n.set(Units.key("raw"), percentiles(raw));
                // Jitter, lateness and one-off durations have no send schedule: both are the same values.
                n.put("raw_equals_corrected", raw.equals(corrected));
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file, root);
    }

    private static ObjectNode percentiles(final Histogram h)
    {
        final ObjectNode n = JSON.createObjectNode();
        n.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0)
        {
            return n;
        }
        for (final double p : PERCENTILES)
        {
            n.put("p" + Metric.format(p).replace('.', '_'), h.getValueAtPercentile(p) / Units.MICROS_PER_MS);
        }
        n.put("max", h.getMaxValue() / Units.MICROS_PER_MS);
        n.put("mean", h.getMean() / Units.MICROS_PER_MS);
        return n;
    }
}
