package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a reader needs first from a run: the verdict with its reasons (each missed target with its figure,
 * each scenario that did not complete), the targets not judged and why, and the key figures (FAL p50/p99
 * per session count, worst per-frame lateness p99, throughput, errors).
 */
final class Headline
{
    /** {@code fal-10}: FAL at one session count (not its server/delivery split or lateness). */
    static final Predicate<String> FAL = n -> n.matches("fal-\\d+");

    /** Per-frame lateness from client arrivals, one series per phase. */
    static final Predicate<String> LATENESS = n -> n.endsWith("-lateness");

    private Headline()
    {
    }

    /**
     * @param run the run.
     * @return one line per missed target and per scenario that did not complete; empty when the run passed.
     */
    static List<String> failures(final RunReport run)
    {
        final List<String> out = new ArrayList<>();
        for (final ScenarioOutcome o : run.outcomes())
        {
            if (o.error() != null)
            {
                out.add(o.name() + " did not complete: " + o.error());
            }
            for (final Metric m : o.context().metrics())
            {
                if (Boolean.FALSE.equals(m.pass()))
                {
                    out.add(m.scenario() + ": " + m.name() + " was " + m.measuredText() + ", target " + m.target());
                }
            }
        }
        return out;
    }

    /** @return the figures whose target this run did not judge. */
    static List<Metric> notJudged(final RunReport run)
    {
        return metrics(run).stream().filter(m -> m.notJudged() != null).toList();
    }

    /** @return how many targets were judged. */
    static long judged(final RunReport run)
    {
        return metrics(run).stream().filter(m -> m.pass() != null).count();
    }

    /**
     * @param run  the run.
     * @param name which series.
     * @return the series whose names match, in run order, with at least one value.
     */
    static List<SeriesRecorder> series(final RunReport run, final Predicate<String> name)
    {
        final List<SeriesRecorder> out = new ArrayList<>();
        for (final ScenarioOutcome o : run.outcomes())
        {
            o.context().allSeries().stream().filter(s -> name.test(s.name()) && s.corrected().getTotalCount() > 0)
                .forEach(out::add);
        }
        return out;
    }

    /**
     * @param run the run.
     * @return label to value text, in reading order; a figure the run did not measure is left out.
     */
    static Map<String, String> figures(final RunReport run)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final SeriesRecorder s : series(run, FAL))
        {
            final Histogram h = s.corrected();
            out.put("FAL p50 / p99 @" + s.name().substring(4) + " sessions",
                Units.ms(h.getValueAtPercentile(50) / Units.MICROS_PER_MS) + " / " +
                    Units.ms(h.getValueAtPercentile(99) / Units.MICROS_PER_MS));
        }
        series(run, LATENESS).stream().max(Comparator.comparingLong(s -> s.corrected().getValueAtPercentile(99)))
            .ifPresent(s -> out.put("per-frame lateness p99 (worst phase: " + s.name().replace("-lateness", "") + ")",
                Units.ms(s.corrected().getValueAtPercentile(99) / Units.MICROS_PER_MS)));
        metrics(run).stream().filter(m -> m.name().equals("ping/pong sustained")).findFirst()
            .ifPresent(m -> out.put("throughput (ping/pong sustained)", m.measuredText()));
        long errors = 0;
        boolean counted = false;
        for (final Metric m : metrics(run))
        {
            if (m.unit().equals("count") && m.name().contains("errors") && !Double.isNaN(m.measured()))
            {
                errors += (long)m.measured();
                counted = true;
            }
        }
        final long incomplete = run.outcomes().stream().filter(o -> o.error() != null).count();
        if (counted || incomplete > 0)
        {
            out.put("errors", errors + " error replies from the server" +
                (incomplete > 0 ? ", " + incomplete + " scenario(s) did not complete" : ""));
        }
        return out;
    }

    private static List<Metric> metrics(final RunReport run)
    {
        final List<Metric> out = new ArrayList<>();
        run.outcomes().forEach(o -> out.addAll(o.context().metrics()));
        return out;
    }
}
