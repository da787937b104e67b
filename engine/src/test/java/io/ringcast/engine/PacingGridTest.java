package io.ringcast.engine;

import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.ManualGroup;
import io.ringcast.engine.support.RecordingSink;
import io.ringcast.engine.support.RecordingSink.Sent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.ringcast.engine.support.ManualGroup.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real-time pacing through a stream group's duty cycle on a manual clock (20 ms frames at 16 kHz: 640 bytes,
 * prefill 3). The group runs every millisecond of manual time, so send times are exact and the test is fast; a
 * held group thread is time that passes without a cycle.
 */
@Tag("unit")
class PacingGridTest
{
    private static final int FRAME = 640;
    private static final long STREAM = 1;

    private final Commands commands = new Commands();
    private final ManualGroup group = new ManualGroup(EngineConfig.builder().handler(commands).build());
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp()
    {
        group.open(STREAM, sink);
    }

    /** PCM for frames [from, to): every byte of frame k holds k % 100 + 1, so content shows the order. */
    private static byte[] frames(final int from, final int to)
    {
        final byte[] pcm = new byte[(to - from) * FRAME];
        for (int k = from; k < to; k++)
        {
            Arrays.fill(pcm, (k - from) * FRAME, (k - from + 1) * FRAME, (byte)(k % 100 + 1));
        }
        return pcm;
    }

    private int speak(final String id)
    {
        final int before = commands.utterances.size();
        group.inbound(STREAM, Priority.IMPORTANT, "speak:" + id);
        group.cycle();
        return commands.utterances.get(before);
    }

    private void audio(final int utterance, final byte[] pcm, final boolean last)
    {
        group.audio(STREAM, utterance, pcm, last ? AudioChunk.LAST : AudioChunk.MORE);
    }

    private List<Sent> audioOf(final List<Sent> sent, final int utterance)
    {
        return sent.stream().filter(s -> s.kind() == OutboundKind.AUDIO && s.utterance() == utterance).toList();
    }

    private boolean ended()
    {
        return sink.sent().stream().anyMatch(s -> s.notice() == Notice.AUDIO_END);
    }

    @Test
    void shouldSendPrefillAtOnceThenOneFramePerFrameMs()
    {
        final int u = speak("a");
        audio(u, frames(0, 30), true);

        assertTrue(group.runUntil(this::ended, 2_000), "audio_end within 2 s of manual time");
        final List<Sent> all = sink.sent();
        final List<Sent> end = all.stream().filter(s -> s.notice() == Notice.AUDIO_END).toList();
        assertEquals(1, end.size());
        final List<Sent> frames = audioOf(all, u);
        assertEquals(30, frames.size());
        assertEquals(Notice.AUDIO_START, all.get(0).notice(), "audio_start comes first");
        assertEquals(Notice.AUDIO_END, all.get(all.size() - 1).notice(), "audio_end comes after the last frame");
        assertEquals(30, end.get(0).frames());
        assertEquals(AudioEndReason.DONE, end.get(0).endReason());
        for (int k = 0; k < 30; k++)
        {
            assertEquals(k, frames.get(k).seq());
            assertEquals(k % 100 + 1, frames.get(k).firstPcmByte(), "frame content in order");
            assertEquals(k == 29, frames.get(k).last(), "only the last frame carries the last flag");
        }
        // Prefill: 3 frames at once; then one per 20 ms on the group's clock. A frame leaves on the first cycle at
        // or after its timer-wheel tick, so within one cycle (1 ms here) of its slot, and that never accumulates.
        final long start = frames.get(0).sendNanos();
        assertEquals(start, frames.get(2).sendNanos(), "the prefill leaves in one cycle");
        assertEquals(27 * 20 * MS, frames.get(29).sendNanos() - frames.get(3).sendNanos() + 20 * MS, "27 paced gaps");
        final long lateness = frames.get(3).sendNanos() - (start + 20 * MS);
        assertTrue(lateness >= 0 && lateness <= MS, "frame 3 left " + lateness / 1000 + " us after its slot");
        for (int k = 3; k < 30; k++)
        {
            assertEquals(start + (k - 2) * 20 * MS + lateness, frames.get(k).sendNanos(),
                "frame " + k + " keeps the grid");
        }
    }

    @Test
    void shouldSendAFrameInTheFirstCycleThatReachesItsSlot()
    {
        final int u = speak("a");
        audio(u, frames(0, 10), true);
        assertTrue(group.runUntil(this::ended, 2_000), "audio_end within 2 s of manual time");
        final List<Sent> frames = audioOf(sink.sent(), u);
        final long start = frames.get(0).sendNanos();
        // Slots are whole milliseconds from the start and the group runs every millisecond: a frame due at a cycle's
        // time leaves in that cycle, not in the next one (the timer wheel's tick holding it is polled, not only
        // reached).
        for (int k = 3; k < 10; k++)
        {
            assertEquals(start + (k - 2) * 20 * MS, frames.get(k).sendNanos(), "frame " + k + " left on its slot");
        }
    }

    @Test
    void shouldCatchUpOnTheOriginalGridWithoutAnUnderrunWhenTheGroupThreadIsHeld()
    {
        final int u = speak("a");
        audio(u, frames(0, 40), true);
        assertTrue(group.runUntil(() -> sink.ofKind(OutboundKind.AUDIO).size() >= 10, 1_000));
        group.hold(30); // the group thread is held for 30 ms: frames come due meanwhile

        assertTrue(group.runUntil(this::ended, 2_000), "audio_end within 2 s of manual time");
        final List<Sent> frames = audioOf(sink.sent(), u);
        assertEquals(40, frames.size());
        // Offset of each paced frame from its slot on a 20 ms grid: a held thread delays a few frames, then they
        // catch up; a grid that moved would leave every later frame 30 ms behind the early ones.
        final long[] offset = new long[frames.size()];
        for (int k = 3; k < frames.size(); k++)
        {
            offset[k] = frames.get(k).sendNanos() - k * 20 * MS;
        }
        final long early = median(Arrays.copyOfRange(offset, 3, 9));
        final long late = median(Arrays.copyOfRange(offset, 30, 40));
        assertEquals(early, late, "the grid moved by " + (late - early) / 1e6 + " ms");
        assertTrue(IntStream.range(10, 40).anyMatch(k -> offset[k] != early),
            "the hold delayed some frame (else this test proves nothing)");
        assertEquals(0, group.underruns(STREAM), "a held thread is not an underrun");
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void shouldPaceOnFromLateAudioInsteadOfBursting()
    {
        final int u = speak("a");
        audio(u, frames(0, 4), false);
        for (int k = 4; k < 12; k++)
        {
            group.run(40); // synthesis slower than real time: an underrun each frame
            audio(u, frames(k, k + 1), k == 11);
        }
        assertTrue(group.runUntil(this::ended, 2_000), "audio_end within 2 s of manual time");

        final List<Sent> frames = audioOf(sink.sent(), u);
        assertEquals(12, frames.size());
        for (int k = 4; k < 12; k++)
        {
            final long gap = frames.get(k).sendNanos() - frames.get(k - 1).sendNanos();
            assertTrue(gap > 10 * MS,
                "late frames are not sent in a burst (gap before " + k + ": " + gap / 1000 + " us)");
        }
        assertEquals(8, group.underruns(STREAM), "one underrun for each late chunk");
    }
}
