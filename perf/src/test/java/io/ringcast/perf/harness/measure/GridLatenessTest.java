package io.ringcast.perf.harness.measure;

import io.ringcast.perf.harness.scenario.ScheduleTally;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lateness against the utterance's best-fitting grid, on synthetic arrival series shaped like a server's
 * pacing: {@code prefill} frames at once, then one every {@code frame_ms} from the same anchor.
 */
@Tag("unit")
class GridLatenessTest
{
    private static final long MS = 1_000_000L;
    private static final int FRAME_MS = 20;
    private static final int PREFILL = 3;
    private static final int FRAMES = 53;

    private final SeriesRecorder arrivals = new SeriesRecorder("a", "test", "arrivals");
    private final SeriesRecorder stamps = new SeriesRecorder("s", "test", "stamps");
    private final ScheduleTally tally = new ScheduleTally(arrivals, stamps);

    /** @return when a server anchored at start sends frame seq; the prefill leaves at the anchor. */
    private static long paced(final long start, final int seq, final int prefill)
    {
        return start + Math.max(0, seq - prefill) * FRAME_MS * MS;
    }

    private void utterance(final long[] arrival, final long[] stamp, final int prefill)
    {
        final GridLateness g = new GridLateness(4);
        g.begin(FRAME_MS, prefill);
        for (int seq = 0; seq < arrival.length; seq++)
        {
            g.onFrame(seq, arrival[seq], stamp[seq]);
        }
        tally.finish(g);
        arrivals.sample(null, 0);
        stamps.sample(null, 0);
    }

    private static long[] grid(final long start, final int prefill)
    {
        final long[] t = new long[FRAMES];
        for (int seq = 0; seq < FRAMES; seq++)
        {
            t[seq] = paced(start, seq, prefill);
        }
        return t;
    }

    private static double ms(final Histogram h, final double p)
    {
        return h.getValueAtPercentile(p) / 1000.0;
    }

    @Test
    void shouldGiveZeroForAPerfectGridWithAConstantOffset()
    {
        // The offset is any clock's: the server's stamps and the client's arrivals are 123 ms apart here.
        final long[] stamp = grid(5_000 * MS, PREFILL);
        final long[] arrival = grid(5_123 * MS, PREFILL);
        utterance(arrival, stamp, PREFILL);
        assertEquals(FRAMES - PREFILL, arrivals.corrected().getTotalCount());
        assertEquals(0, arrivals.corrected().getMaxValue());
        assertEquals(0, stamps.corrected().getMaxValue());
        assertEquals(1, tally.utterances.sum());
        assertEquals(0,
            tally.steppedArrival.sum() + tally.steppedStamp.sum() + tally.stepsArrival.sum() + tally.stepsStamp.sum());
    }

    @Test
    void shouldCountAStepThatStaysOnEveryFrameItDelaysWhereInterArrivalJitterSeesOneOutlier()
    {
        final long[] arrival = grid(1_000 * MS, PREFILL);
        for (int seq = 40; seq < FRAMES; seq++)
        {
            arrival[seq] += 15 * MS; // the schedule moved 15 ms at frame 40 and never came back
        }
        utterance(arrival, arrival, PREFILL);
        final Histogram h = arrivals.corrected();
        assertEquals(0.0, ms(h, 50), 0.001);
        assertEquals(15.0, ms(h, 99), 0.02);
        assertEquals(FRAMES - 40, h.getTotalCount() - h.getCountBetweenValues(0, 1_000), "frames late by the step");
        assertEquals(1, tally.steppedArrival.sum());
        assertEquals(1, tally.stepsArrival.sum());
        final FrameJitter jitter = new FrameJitter(FRAME_MS, PREFILL);
        int outliers = 0;
        for (int seq = 0; seq < FRAMES; seq++)
        {
            outliers += jitter.onFrame(seq, arrival[seq]) > MS ? 1 : 0;
        }
        assertEquals(1, outliers, "inter-arrival jitter sees the step once and never the drift it leaves");
    }

    @Test
    void shouldNotCallAnUtteranceSteppedWhenALateFrameIsCaughtUp()
    {
        final long[] arrival = grid(0, PREFILL);
        arrival[30] += 50 * MS; // one frame 50 ms late (a server thread woke late); the next ones are on the grid again
        arrival[31] += 30 * MS;
        utterance(arrival, arrival, PREFILL);
        assertEquals(50.0, arrivals.corrected().getMaxValue() / 1000.0, 0.05,
            "the late frame is in the lateness figures");
        assertEquals(0, tally.steppedArrival.sum(), "but the schedule did not move");
    }

    @Test
    void shouldFitTheGridToTheEarliestFrameNotTheFirst()
    {
        final long[] arrival = grid(0, PREFILL);
        arrival[PREFILL] += 5 * MS; // the first paced frame is late, the rest are on time
        utterance(arrival, arrival, PREFILL);
        assertEquals(5.0, arrivals.corrected().getMaxValue() / 1000.0, 0.01);
        assertEquals(0.0, ms(arrivals.corrected(), 50), 0.001);
        assertEquals(0, tally.steppedArrival.sum());
    }

    @Test
    void shouldLeaveOutThePrefillFramesWhichLeaveAtOnce()
    {
        // Prefill frames come early against any grid the paced frames are on: counted, they would read 20-60 ms late.
        utterance(grid(0, PREFILL), grid(0, PREFILL), PREFILL);
        assertEquals(FRAMES - PREFILL, arrivals.corrected().getTotalCount());
        assertEquals(0, arrivals.corrected().getMaxValue());
        assertEquals(0, tally.steppedArrival.sum());
        // A session whose ready announced one prefill frame: seq 1 and 2 are paced and measured.
        utterance(grid(0, 1), grid(0, 1), 1);
        assertEquals(FRAMES - PREFILL + FRAMES - 1, arrivals.corrected().getTotalCount());
        assertEquals(0, arrivals.corrected().getMaxValue());
    }

    @Test
    void shouldComputeStampsApartFromArrivals()
    {
        final long[] onGrid = grid(0, PREFILL);
        final long[] stepped = grid(7 * MS, PREFILL);
        for (int seq = 20; seq < FRAMES; seq++)
        {
            stepped[seq] += 12 * MS;
        }
        for (int seq = 35; seq < FRAMES; seq++)
        {
            stepped[seq] += 12 * MS;
        }
        utterance(onGrid, stepped, PREFILL);
        assertEquals(0, arrivals.corrected().getMaxValue());
        assertEquals(24.0, stamps.corrected().getMaxValue() / 1000.0, 0.03);
        assertEquals(0, tally.steppedArrival.sum());
        assertEquals(1, tally.steppedStamp.sum());
        assertEquals(2, tally.stepsStamp.sum());
        assertEquals(0, tally.stepsArrival.sum());
    }

    @Test
    void shouldCountADriftAsAMovedScheduleButNotAsAStep()
    {
        final long[] arrival = grid(0, PREFILL);
        for (int seq = PREFILL; seq < FRAMES; seq++)
        {
            arrival[seq] += (seq - PREFILL) * MS / 2; // half a millisecond later every frame: 24.5 ms by the end
        }
        utterance(arrival, arrival, PREFILL);
        assertTrue(arrivals.corrected().getMaxValue() > 24_000, "max " + arrivals.corrected().getMaxValue());
        assertEquals(1, tally.steppedArrival.sum());
        assertEquals(0, tally.stepsArrival.sum());
    }

    @Test
    void shouldPlaceFramesBySeqSoADroppedFrameIsNoLateness()
    {
        final long[] t = grid(0, PREFILL);
        final GridLateness g = new GridLateness(8);
        g.begin(FRAME_MS, PREFILL);
        for (int seq = 0; seq < FRAMES; seq++)
        {
            if (seq != 30) // frame 30 was dropped: the next ones are still on time
            {
                g.onFrame(seq, t[seq], t[seq]);
            }
        }
        assertEquals(FRAMES - PREFILL - 1, g.finish(null));
        assertEquals(0, g.maxArrivalNanos());
        assertEquals(0, g.stepsArrival());
    }

    @Test
    void shouldReuseItsArraysAcrossUtterances()
    {
        final GridLateness g = new GridLateness(8);
        for (int round = 0; round < 3; round++)
        {
            g.begin(FRAME_MS, PREFILL);
            final long[] t = grid(round * 10_000 * MS, PREFILL);
            for (int seq = 0; seq < FRAMES; seq++)
            {
                g.onFrame(seq, t[seq] + (seq == FRAMES - 1 ? 11 * MS : 0), t[seq]);
            }
            assertEquals(FRAMES - PREFILL, g.finish(null));
            assertEquals(11 * MS, g.maxArrivalNanos());
            assertEquals(1, g.stepsArrival());
            assertEquals(0, g.maxStampNanos());
        }
    }
}
