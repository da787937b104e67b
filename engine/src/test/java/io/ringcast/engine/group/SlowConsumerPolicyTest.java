package io.ringcast.engine.group;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.ringcast.engine.group.SlowConsumerPolicy.Verdict.EVICT;
import static io.ringcast.engine.group.SlowConsumerPolicy.Verdict.OK;
import static io.ringcast.engine.group.SlowConsumerPolicy.Verdict.RECOVERED;
import static io.ringcast.engine.group.SlowConsumerPolicy.Verdict.SLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class SlowConsumerPolicyTest
{
    private static final long MS = 1_000_000L;
    private final SlowConsumerPolicy policy = new SlowConsumerPolicy(500 * MS, 5, 5_000 * MS);

    @Test
    void shouldBecomeSlowAfterMoreThanTheAllowedSlowSends()
    {
        for (int i = 0; i < 5; i++)
        {
            assertFalse(policy.onSendDone(i, 600 * MS, i * MS));
        }
        assertTrue(policy.onSendDone(5, 600 * MS, 5 * MS), "the sixth slow send");
        assertTrue(policy.slow());
        assertEquals(6, policy.totalEvents());
    }

    @Test
    void shouldNotCountFastSends()
    {
        for (int i = 0; i < 100; i++)
        {
            assertFalse(policy.onSendDone(i, 499 * MS, i * MS));
        }
        assertEquals(0, policy.totalEvents());
    }

    @Test
    void shouldCountAStalledSendOnceAndEvictAtTheTimeout()
    {
        assertEquals(OK, policy.check(0, 7, true, 400 * MS));
        assertEquals(OK, policy.check(0, 7, true, 600 * MS));
        assertEquals(OK, policy.check(0, 7, true, 900 * MS));
        assertEquals(1, policy.totalEvents(), "one stalled send, one event");
        assertFalse(policy.onSendDone(7, 4_000 * MS, 4_000 * MS), "its completion is not counted again");
        assertEquals(1, policy.totalEvents());
        assertEquals(EVICT, policy.check(100 * MS, 8, true, 5_101 * MS));
    }

    @Test
    void shouldReportSlowWhenAStalledSendTipsTheBalance()
    {
        for (int i = 0; i < 5; i++)
        {
            policy.onSendDone(i, 600 * MS, 0);
        }
        assertEquals(SLOW, policy.check(0, 5, false, 501 * MS));
    }

    @Test
    void shouldRecoverOnlyOnceCaughtUp()
    {
        for (int i = 0; i < 6; i++)
        {
            policy.onSendDone(i, 600 * MS, 1_000 * MS);
        }
        assertEquals(OK, policy.check(-1, 6, false, 3_000 * MS), "queue not normal yet");
        assertEquals(OK, policy.check(-1, 6, true, 1_900 * MS), "too soon after the last slow send");
        assertEquals(RECOVERED, policy.check(-1, 6, true, 2_001 * MS));
        assertFalse(policy.slow());
    }
}
