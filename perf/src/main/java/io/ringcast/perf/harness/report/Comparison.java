package io.ringcast.perf.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.perf.harness.scenario.Metric;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ringcast bench --compare A B}: two runs' {@code summary.json} side by side, one row per metric
 * present in either, with the ratio B / A (markdown).
 */
public final class Comparison
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Comparison()
    {
    }

    /**
     * @param a a run folder (or its summary.json).
     * @param b another.
     * @return the markdown table.
     * @throws IOException when a summary cannot be read.
     */
    public static String render(final File a, final File b) throws IOException
    {
        final Map<String, JsonNode> left = metrics(a);
        final Map<String, JsonNode> right = metrics(b);
        final Map<String, JsonNode[]> rows = new LinkedHashMap<>();
        left.forEach((k, v) -> rows.computeIfAbsent(k, x -> new JsonNode[2])[0] = v);
        right.forEach((k, v) -> rows.computeIfAbsent(k, x -> new JsonNode[2])[1] = v);
        final StringBuilder out = new StringBuilder();
        out.append("| scenario | metric | A: ").append(a.getPath()).append(" | B: ").append(b.getPath())
            .append(" | B / A |\n| --- | --- | --- | --- | --- |\n");
        rows.forEach((k, v) ->
        {
            final double va = value(v[0]);
            final double vb = value(v[1]);
            final JsonNode any = v[0] != null ? v[0] : v[1];
            out.append("| ").append(any.path("scenario").asText()).append(" | ").append(any.path("name").asText())
                .append(" | ")
                .append(cell(v[0])).append(" | ").append(cell(v[1])).append(" | ")
                .append(Double.isNaN(va) || Double.isNaN(vb) || va == 0 ? "-" : Metric.format(vb / va)).append(" |\n");
        });
        return out.toString();
    }

    private static Map<String, JsonNode> metrics(final File run) throws IOException
    {
        final File f = run.isDirectory() ? new File(run, "summary.json") : run;
        final Map<String, JsonNode> m = new LinkedHashMap<>();
        for (final JsonNode n : JSON.readTree(f).path("metrics"))
        {
            m.put(n.path("scenario").asText() + "\u0000" + n.path("name").asText(), n);
        }
        return m;
    }

    private static double value(final JsonNode n)
    {
        return n == null || !n.path("measured").isNumber() ? Double.NaN : n.path("measured").asDouble();
    }

    private static String cell(final JsonNode n)
    {
        if (n == null)
        {
            return "-";
        }
        final String verdict = n.path("pass").isBoolean() ? (n.path("pass").asBoolean() ? "" : " (FAIL)") : "";
        return (n.path("measured").isNumber() ? Metric.format(n.path("measured").asDouble()) : "n/a") + " " +
            n.path("unit").asText() + verdict;
    }
}
