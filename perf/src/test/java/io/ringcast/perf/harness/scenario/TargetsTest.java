package io.ringcast.perf.harness.scenario;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class TargetsTest
{
    @Test
    void shouldNotClaimTheGatewayTargetsOnASmallSharedMachineOrInAQuickRun()
    {
        assertEquals(
            "not held on this machine (2 cores, load generator on the same cores; --gateway-targets on judges anyway)",
            Targets.gatewayNotJudged(false, 2, false));
        assertNull(Targets.gatewayNotJudged(false, 2, true), "--gateway-targets on judges them anyway");
        assertNull(Targets.gatewayNotJudged(false, Targets.GATEWAY_TARGET_CORES, false));
        assertTrue(Targets.gatewayNotJudged(true, 64, true).startsWith("not judged by --quick"),
            "--quick never claims them");
    }

    @Test
    void shouldShowAGatewayFigureThatIsNotJudgedWithoutFailingIt()
    {
        final Targets t = new Targets(Targets.parseFal("1=300"), 5, 50, 20, true, 2, 1, 2, 100_000, 0.1, 1,
            Targets.gatewayNotJudged(false, 2, false));
        final Metric m = t.gateway("fal", "fal p99 (gateway overhead, zero-delay worker) @10 sessions", 36.6, "ms",
            Metric.Rule.AT_MOST, 2);
        assertNull(m.pass(), "neither pass nor FAIL");
        assertEquals("<= 2 ms", m.target(), "the target is still shown");
        assertEquals("not judged", m.verdict());
        assertTrue(m.notJudged().contains("2 cores"), m.notJudged());

        final Targets judged = new Targets(Targets.parseFal("1=300"), 5, 50, 20, true, 2, 1, 2, 100_000, 0.1, 1, null);
        assertEquals(Boolean.FALSE, judged.gateway("fal", "p99", 36.6, "ms", Metric.Rule.AT_MOST, 2).pass());
    }
}
