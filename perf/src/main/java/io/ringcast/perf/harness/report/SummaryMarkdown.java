package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;

import java.util.List;
import java.util.Map;

/**
 * {@code summary.md}: the verdict with its reasons and the targets not judged, a table metric / target / measured /
 * pass, the harness overhead and the notes; times in ms.
 */
public final class SummaryMarkdown
{
    private SummaryMarkdown()
    {
    }

    /**
     * @param run the run.
     * @return the markdown text.
     */
    public static String render(final RunReport run)
    {
        final StringBuilder b = new StringBuilder();
        b.append("# ringcast bench ").append(run.started()).append("\n\n");
        b.append("Target: ").append(run.target()).append(" (").append(run.url()).append(")  \n");
        b.append("Machine: ").append(line(run.machine())).append("  \n");
        b.append("Result: **").append(run.passed() ? "PASS" : "FAIL").append("**");
        final List<String> failures = Headline.failures(run);
        b.append(failures.isEmpty() ? " (all " + Headline.judged(run) + " judged targets held)\n" : ", because:\n");
        failures.forEach(f -> b.append("- ").append(f).append('\n'));
        final List<Metric> notJudged = Headline.notJudged(run);
        b.append(notJudged.isEmpty() ? "" : "\nNot judged on this run:\n");
        for (final Metric m : notJudged)
        {
            b.append("- ").append(m.name()).append(" (").append(m.measuredText()).append(", target ").append(m.target())
                .append("): ").append(m.notJudged()).append('\n');
        }
        b.append("\nAll times in ms.\n\n");
        b.append("| scenario | metric | target | measured | pass |\n| --- | --- | --- | --- | --- |\n");
        for (final ScenarioOutcome o : run.outcomes())
        {
            if (o.error() != null)
            {
                b.append("| ").append(o.name()).append(" | did not complete: ").append(o.error().replace('|', '/'))
                    .append(" | | | FAIL |\n");
            }
            for (final Metric m : o.context().metrics())
            {
                b.append("| ").append(m.scenario()).append(" | ").append(m.name()).append(" | ")
                    .append(m.target().isEmpty() ? "-" : m.target()).append(" | ").append(m.measuredText())
                    .append(" | ")
                    .append(m.pass() == null ? m.verdict() : m.pass() ? "pass" : "**FAIL**").append(" |\n");
            }
        }
        b.append("\n## Harness overhead (client side, measured before the scenarios)\n\n");
        run.harness().forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("\n## Notes\n\n");
        for (final ScenarioOutcome o : run.outcomes())
        {
            for (final String n : o.context().notes())
            {
                b.append("- ").append(o.name()).append(": ").append(n).append('\n');
            }
        }
        b.append("\nSettings: ").append(line(run.settings())).append('\n');
        return b.toString();
    }

    private static String line(final Map<String, Object> m)
    {
        final StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }
}
