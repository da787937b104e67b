package io.ringcast.engine;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Settings of the engine that depend on one another. */
@Tag("unit")
class EngineConfigTest
{
    @Test
    void shouldPaceOnTheLargestTickThatDividesTheFrame()
    {
        assertEquals(5, tick(20, 5), "the default: 20 ms frames on 5 ms ticks");
        assertEquals(5, tick(30, 5));
        assertEquals(4, tick(4, 5), "never more than a frame");
        assertEquals(1, tick(7, 5), "7 ms frames: only 1 ms divides them");
        assertEquals(6, tick(30, 7), "7 does not divide 30; 6 does");
        assertEquals(0, tick(20, 0), "0: each utterance paced from its own start");
    }

    private static int tick(final int frameMs, final int tickMs)
    {
        return EngineConfig.builder().audio(frameMs, 16_000, 3).set(EngineConfiguration.PACING_TICK_MS, tickMs)
            .build().pacingTickMs();
    }
}
