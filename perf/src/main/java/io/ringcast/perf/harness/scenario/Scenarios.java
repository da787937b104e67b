package io.ringcast.perf.harness.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The suite, in the order {@code all} runs it (cold-start first, while the server is still cold). */
public final class Scenarios
{
    private static final Map<String, Supplier<Scenario>> SUITE = new LinkedHashMap<>();

    static
    {
        SUITE.put("cold-start", ColdStartScenario::new);
        SUITE.put("fal", FalScenario::new);
        SUITE.put("jitter", JitterScenario::new);
        SUITE.put("sentences", SentenceScenario::new);
        SUITE.put("barge-in", BargeInScenario::new);
        SUITE.put("throughput", ThroughputScenario::new);
        SUITE.put("distribution", DistributionScenario::new);
        SUITE.put("consistency", ConsistencyScenario::new);
        SUITE.put("stress", StressScenario::new);
        SUITE.put("soak", SoakScenario::new);
        SUITE.put("slow-consumer", SlowConsumerScenario::new);
        SUITE.put("priority", PriorityScenario::new);
        SUITE.put("fusion", FusionScenario::new);
    }

    private Scenarios()
    {
    }

    /** @return every scenario name, suite order. */
    public static List<String> names()
    {
        return new ArrayList<>(SUITE.keySet());
    }

    /**
     * @param spec {@code all} or names separated by commas.
     * @return the scenarios in suite order, or null when a name is unknown.
     */
    public static List<Scenario> select(final String spec)
    {
        final List<String> wanted = new ArrayList<>();
        for (final String part : spec.split(","))
        {
            final String name = part.trim();
            if (name.equals("all"))
            {
                wanted.addAll(SUITE.keySet());
            }
            else if (SUITE.containsKey(name))
            {
                wanted.add(name);
            }
            else if (!name.isEmpty())
            {
                return null;
            }
        }
        final List<Scenario> out = new ArrayList<>();
        for (final String name : SUITE.keySet())
        {
            if (wanted.contains(name))
            {
                out.add(SUITE.get(name).get());
            }
        }
        return out;
    }
}
