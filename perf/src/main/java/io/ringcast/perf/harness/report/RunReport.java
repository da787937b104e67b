package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;

import java.util.List;
import java.util.Map;

/**
 * What the reports of one run are made of.
 *
 * @param started  ISO time the run started.
 * @param target   the server under test, one line.
 * @param url      its WebSocket URL.
 * @param machine  cores, JDK, OS.
 * @param settings the settings as key/value.
 * @param harness  the harness's own overhead baseline as key/value.
 * @param outcomes the scenarios in order.
 */
public record RunReport(String started, String target, String url, Map<String, Object> machine,
    Map<String, Object> settings,
    Map<String, Object> harness, List<ScenarioOutcome> outcomes)
{
    /** @return true when every SLO held and no scenario failed to run. */
    public boolean passed()
    {
        for (final ScenarioOutcome o : outcomes)
        {
            if (o.error() != null)
            {
                return false;
            }
            for (final Metric m : o.context().metrics())
            {
                if (Boolean.FALSE.equals(m.pass()))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
