package io.ringcast.perf.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The side-by-side table of a run against several servers ({@code --compare}): one row per scenario phase
 * (say {@code sentences @100 sessions}) and server, one column per listener-facing figure. Figures are
 * found by their metric names, {@code "<figure> @<N> sessions"}, so any scenario that reports them joins.
 */
public final class SideBySide
{
    private record Column(String header, Predicate<String> matches)
    {
    }

    private static final List<Column> COLUMNS = List.of(
        new Column("FAL p50 ms", "fal p50"::equals),
        new Column("FAL p99 ms", n -> n.startsWith("fal p99") && !n.contains("raw")),
        new Column("late p50 arr ms", "lateness p50 (arrivals)"::equals),
        new Column("late p99 arr ms", "lateness p99 (arrivals)"::equals),
        new Column("late max arr ms", "lateness max (arrivals)"::equals),
        new Column("late p50 stamp ms", "lateness p50 (stamps)"::equals),
        new Column("late p99 stamp ms", "lateness p99 (stamps)"::equals),
        new Column("late max stamp ms", "lateness max (stamps)"::equals),
        new Column("stepped % arr", "stepped utterances > 10 ms (arrivals)"::equals),
        new Column("stepped % stamp", "stepped utterances > 10 ms (stamps)"::equals),
        new Column("steps stamp", "steps > 10 ms (stamps)"::equals),
        new Column("errors", "errors"::equals),
        new Column("frames", "frames received"::equals),
        new Column("CPU us/frame", "server CPU per frame"::equals));

    private SideBySide()
    {
    }

    /**
     * @param runs server name to the outcomes of its scenarios, in the order the servers were given.
     * @return rows: each a map column header to value, with {@code scenario}, {@code phase} and {@code server} first.
     */
    public static List<Map<String, Object>> rows(final Map<String, List<ScenarioOutcome>> runs)
    {
        // phase key -> server -> row, phases in the order the first server reported them.
        final Map<String, Map<String, Map<String, Object>>> byPhase = new LinkedHashMap<>();
        runs.forEach((server, outcomes) ->
        {
            for (final ScenarioOutcome o : outcomes)
            {
                for (final Metric m : o.context().metrics())
                {
                    final int at = m.name().lastIndexOf(" @");
                    final String base = at < 0 ? m.name() : m.name().substring(0, at);
                    final String phase = at < 0 ? "" : m.name().substring(at + 2);
                    for (final Column c : COLUMNS)
                    {
                        if (c.matches().test(base))
                        {
                            final Map<String, Object> row =
                                byPhase.computeIfAbsent(m.scenario() + "\u0000" + phase, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(server, k -> header(m.scenario(), phase, server));
                            row.put(c.header(), m.measured());
                        }
                    }
                }
            }
        });
        final List<Map<String, Object>> out = new ArrayList<>();
        byPhase.values().forEach(servers -> out.addAll(servers.values()));
        return out;
    }

    private static Map<String, Object> header(final String scenario, final String phase, final String server)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("phase", phase);
        row.put("server", server);
        return row;
    }

    /**
     * @param rows from {@link #rows}.
     * @return a markdown table.
     */
    public static String markdown(final List<Map<String, Object>> rows)
    {
        final StringBuilder b = new StringBuilder("| scenario | phase | server |");
        final StringBuilder rule = new StringBuilder("| --- | --- | --- |");
        for (final Column c : COLUMNS)
        {
            b.append(' ').append(c.header()).append(" |");
            rule.append(" ---: |");
        }
        b.append('\n').append(rule).append('\n');
        for (final Map<String, Object> row : rows)
        {
            b.append("| ").append(row.get("scenario")).append(" | ").append(row.get("phase")).append(" | ")
                .append(row.get("server")).append(" |");
            for (final Column c : COLUMNS)
            {
                final Object v = row.get(c.header());
                b.append(' ').append(v instanceof Double d ? Metric.format(d) : "-").append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Write {@code compare.md} and {@code compare.json}.
     *
     * @param dir   the run's folder.
     * @param rows  from {@link #rows}.
     * @param notes lines printed under the table (how the servers were run).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final File dir, final List<Map<String, Object>> rows, final List<String> notes)
        throws IOException
    {
        final StringBuilder md = new StringBuilder("# Side by side\n\n").append(markdown(rows)).append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        Files.writeString(new File(dir, "compare.md").toPath(), md.toString());
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", rows);
        json.put("notes", notes);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(dir, "compare.json"), json);
    }
}
