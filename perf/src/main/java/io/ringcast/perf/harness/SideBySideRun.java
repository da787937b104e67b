package io.ringcast.perf.harness;

import io.ringcast.perf.harness.report.RunReport;
import io.ringcast.perf.harness.report.SideBySide;
import io.ringcast.perf.harness.scenario.BenchSettings;
import io.ringcast.perf.harness.scenario.Scenario;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import io.ringcast.perf.harness.target.GatewayTarget;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --compare}: the same scenarios against several servers in one run, interleaved scenario by
 * scenario (A's {@code sentences}, then B's, then A's next scenario ...) so slow drifts of the machine
 * fall on both, each with the same load. Each server gets its own full report in {@code DIR/<name>/};
 * the side-by-side table goes to stdout and to {@code DIR/compare.md} and {@code compare.json}.
 */
public final class SideBySideRun
{
    private final List<GatewayTarget> targets;
    private final Function<GatewayTarget, BenchSettings> settings;
    private final Map<String, Object> settingsView;
    private final File dir;
    private final List<Scenario> scenarios;
    private final PrintStream err;

    /**
     * @param targets      the servers, in column order (names unique).
     * @param settings     the settings for one target (SLOs may depend on it).
     * @param settingsView the settings as shown in the reports.
     * @param dir          the run's folder.
     * @param scenarios    what to run.
     * @param err          progress.
     */
    public SideBySideRun(final List<GatewayTarget> targets, final Function<GatewayTarget, BenchSettings> settings,
        final Map<String, Object> settingsView, final File dir, final List<Scenario> scenarios, final PrintStream err)
    {
        this.targets = targets;
        this.settings = settings;
        this.settingsView = settingsView;
        this.dir = dir;
        this.scenarios = scenarios;
        this.err = err;
    }

    /**
     * @param scenarioFactory a fresh instance of a scenario per server (scenarios may keep state).
     * @return the table in markdown.
     * @throws IOException when a report cannot be written.
     */
    public String run(final Function<Scenario, Scenario> scenarioFactory) throws IOException
    {
        final List<BenchRun> runs = new ArrayList<>();
        for (final GatewayTarget t : targets)
        {
            final BenchRun r =
                new BenchRun(settings.apply(t), t, new File(dir, t.label()), scenarios, settingsView, err);
            runs.add(r);
        }
        final Map<String, List<ScenarioOutcome>> outcomes = new LinkedHashMap<>();
        try
        {
            for (final BenchRun r : runs)
            {
                r.start();
            }
            for (final Scenario s : scenarios)
            {
                for (int i = 0; i < runs.size(); i++)
                {
                    final ScenarioOutcome o = runs.get(i).runScenario(scenarioFactory.apply(s));
                    outcomes.computeIfAbsent(targets.get(i).label(), k -> new ArrayList<>()).add(o);
                }
            }
        }
        finally
        {
            runs.forEach(BenchRun::stop);
        }
        final List<String> notes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++)
        {
            final RunReport report = runs.get(i).report();
            final GatewayTarget t = targets.get(i);
            notes.add(t.label() + ": " + report.target() +
                (t.pid() >= 0 ? ", pid " + t.pid() : ", no --pid: no CPU per frame") + "; report in " +
                new File(dir, t.label()));
        }
        notes.add("same machine, same run, scenarios interleaved server by server; harness and servers share its " +
            Runtime.getRuntime().availableProcessors() + " cores.");
        final List<Map<String, Object>> rows = SideBySide.rows(outcomes);
        SideBySide.write(dir, rows, notes);
        return SideBySide.markdown(rows) + "\n" + String.join("\n", notes) + "\n";
    }
}
