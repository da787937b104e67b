package io.ringcast.gateway.protocol;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class RingOrderTest
{
    @Test
    void shouldHoldAStampedMessageUntilEveryEarlierMessageWasHandled()
    {
        final RingOrder order = new RingOrder();
        order.routed();
        order.routed();
        final long stamp = order.stamp(); // e.g. a cancel sent after two speaks
        order.routed(); // a speak sent after the cancel: the cancel must not wait for it
        assertFalse(order.reached(stamp));
        order.handled();
        assertFalse(order.reached(stamp), "one of the two earlier speaks is still on its ring");
        order.handled();
        assertTrue(order.reached(stamp));
    }

    @Test
    void shouldNotWaitForAMessageThatNeverReachedItsRing()
    {
        final RingOrder order = new RingOrder();
        order.routed();
        order.routed();
        order.unrouted(); // the engine refused it (overloaded)
        final long stamp = order.stamp();
        order.handled();
        assertTrue(order.reached(stamp));
    }

    @Test
    void shouldLetAMessageStampedBeforeAnythingActAtOnce()
    {
        assertTrue(new RingOrder().reached(new RingOrder().stamp()));
    }
}
