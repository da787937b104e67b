package io.ringcast.engine.pacing;

import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.Notice;
import io.ringcast.engine.Priority;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The player's two kinds of lateness on a manual clock (20 ms frames of 640 bytes, prefill 3): a late wake-up
 * keeps the grid and catches up; only audio that arrives after its frame was due moves the grid, once, counted.
 */
@Tag("unit")
class AudioPlayerTest
{
    private static final int FRAME = 640;
    private static final long MS = 1_000_000L;

    private final Output out = new Output();
    private final AudioPlayer player = new AudioPlayer(out, FRAME, 20, 0, 3, 16, 1 << 20);

    /** Releases what is due at {@code now}, as the group's timer wheel would. */
    private void at(final long now)
    {
        if (out.timer != AudioPlayer.NO_TIMER && out.timerDeadline <= now)
        {
            out.timer = AudioPlayer.NO_TIMER;
            player.onTimer(now);
        }
    }

    /** Runs the clock from {@code from} to {@code to} in 1 ms steps, firing timers on time. */
    private void run(final long from, final long to)
    {
        for (long t = from; t <= to; t += MS)
        {
            at(t);
        }
    }

    @Test
    void shouldKeepTheGridAndCatchUpWhenTheThreadWakesLate()
    {
        final int u = player.speak("a", Priority.IMPORTANT, 0);
        player.onAudio(u, new byte[20 * FRAME], 0, 20 * FRAME, true, false, 0, 0);
        assertEquals(3, out.frames.size(), "prefill at once");
        assertEquals(20 * MS, out.timerDeadline, "frame 3 is due 20 ms after the start");

        at(50 * MS); // the thread was held for 30 ms: frames 3 and 4 (due at 20 and 40 ms) leave now

        assertEquals(5, out.frames.size());
        assertEquals(20 * MS, out.frames.get(3).slot);
        assertEquals(40 * MS, out.frames.get(4).slot);
        assertEquals(60 * MS, out.timerDeadline, "frame 5 stays on the original grid");
        run(60 * MS, 400 * MS);
        assertEquals(20, out.frames.size());
        for (int seq = 3; seq < 20; seq++)
        {
            assertEquals((seq - 2) * 20 * MS, out.frames.get(seq).slot, "slot of frame " + seq);
            assertTrue(out.frames.get(seq).paced);
        }
        assertFalse(out.frames.get(2).paced, "prefill frames have no lateness to measure");
        assertEquals(0, out.underruns.size(), "a late wake-up is not an underrun");
        assertEquals(20 * FRAME, out.consumedBytes, "every byte reported consumed once, for read-ahead credit");
    }

    @Test
    void shouldMoveTheGridOnceAndCountOneUnderrunWhenAudioArrivesAfterItsFrameWasDue()
    {
        final int u = player.speak("a", Priority.IMPORTANT, 0);
        player.onAudio(u, new byte[10 * FRAME], 0, 10 * FRAME, false, false, 0, 0);
        run(0, 200 * MS); // frames 0..8 leave; frame 9 waits for more audio (it might be the last)
        assertEquals(9, out.frames.size());

        // Frame 9 was due at (9 - 2) * 20 = 140 ms; the next chunk arrives at 175 ms.
        player.onAudio(u, new byte[10 * FRAME], 0, 10 * FRAME, true, false, 175 * MS, 176 * MS);

        assertEquals(List.of(35 * MS), out.underruns, "one underrun, moving the grid by how late the audio was");
        assertEquals(10, out.frames.size());
        assertEquals(140 * MS, out.frames.get(9).slot, "lateness is still measured against the original grid");
        assertEquals(195 * MS, out.timerDeadline, "frame 10 is paced from the audio's arrival");
        run(176 * MS, 600 * MS);
        assertEquals(20, out.frames.size());
        assertEquals(1, out.underruns.size(), "exactly one grid move");
        assertTrue(out.ended(AudioEndReason.DONE));
    }

    @Test
    void shouldNotCountAnUnderrunWhenTheNextChunkArrivesBeforeItsFrameIsDue()
    {
        final int u = player.speak("a", Priority.IMPORTANT, 0);
        player.onAudio(u, new byte[10 * FRAME], 0, 10 * FRAME, false, false, 0, 0);
        run(0, 130 * MS);
        player.onAudio(u, new byte[10 * FRAME], 0, 10 * FRAME, true, false, 135 * MS, 150 * MS); // processed late
        run(150 * MS, 600 * MS);
        assertEquals(20, out.frames.size());
        assertEquals(0, out.underruns.size());
        assertEquals(160 * MS, out.frames.get(10).slot);
    }

    @Test
    void shouldStartTheNextUtteranceWithItsFirstAudioNotWhenThePreviousOneEnds()
    {
        final int first = player.speak("a", Priority.IMPORTANT, 0);
        final int second = player.speak("b", Priority.IMPORTANT, 0);
        player.onAudio(first, new byte[5 * FRAME], 0, 5 * FRAME, true, false, 0, 0);
        run(0, 100 * MS);
        assertEquals(List.of(Notice.AUDIO_START, Notice.AUDIO_END), out.notices,
            "no audio_start before there is audio");

        player.onAudio(second, new byte[5 * FRAME], 0, 5 * FRAME, true, false, 300 * MS, 300 * MS);
        assertEquals(Notice.AUDIO_START, out.notices.get(2));
        run(300 * MS, 400 * MS);
        assertEquals(10, out.frames.size());
        assertEquals(320 * MS, out.frames.get(8).slot, "the second utterance's grid starts with its audio");
        assertEquals(0, out.underruns.size(), "waiting for the first audio is first-audio latency, not an underrun");
    }

    @Test
    void shouldStartThePacedFramesOfEveryUtteranceOnTheNextTickAndKeepTheirSpacing()
    {
        final Output ticked = new Output();
        final AudioPlayer a = new AudioPlayer(ticked, FRAME, 20, 5, 3, 16, 1 << 20);
        final long start = 1_234_567; // between ticks
        final int u = a.speak("a", Priority.IMPORTANT, start);
        a.onAudio(u, new byte[10 * FRAME], 0, 10 * FRAME, true, false, start, start);

        assertEquals(3, ticked.frames.size(), "the prefill leaves at once, not on a tick");
        assertEquals(start, ticked.frames.get(2).slot);
        assertEquals(25 * MS, ticked.timerDeadline, "frame 3: the first tick after the start (5 ms), plus 20 ms");
        for (long t = 25 * MS; t <= 300 * MS; t += MS)
        {
            if (ticked.timer != AudioPlayer.NO_TIMER && ticked.timerDeadline <= t)
            {
                ticked.timer = AudioPlayer.NO_TIMER;
                a.onTimer(t);
            }
        }
        assertEquals(10, ticked.frames.size());
        for (int seq = 3; seq < 10; seq++)
        {
            assertEquals(5 * MS + (seq - 2) * 20 * MS, ticked.frames.get(seq).slot, "slot of frame " + seq);
        }
    }

    @Test
    void shouldMoveATickedGridToATickWhenAudioArrivesLate()
    {
        final Output ticked = new Output();
        final AudioPlayer a = new AudioPlayer(ticked, FRAME, 20, 5, 3, 16, 1 << 20);
        final int u = a.speak("a", Priority.IMPORTANT, 0);
        a.onAudio(u, new byte[5 * FRAME], 0, 5 * FRAME, false, false, 0, 0);
        assertEquals(3, ticked.frames.size());
        ticked.timer = AudioPlayer.NO_TIMER;
        a.onTimer(20 * MS); // frame 3 on time; frame 4 (due at 40 ms) waits for more audio (it might be the last)
        assertEquals(4, ticked.frames.size());

        a.onAudio(u, new byte[4 * FRAME], 0, 4 * FRAME, true, false, 47 * MS, 47 * MS); // 7 ms late

        assertEquals(List.of(7 * MS), ticked.underruns);
        assertEquals(50 * MS, ticked.timerDeadline, "frame 4 moves to the first tick after its audio, not to 47 ms");
        assertEquals(4, ticked.frames.size());
    }

    @Test
    void shouldRefuseATickThatDoesNotDivideTheFrame()
    {
        assertThrows(IllegalArgumentException.class, () -> new AudioPlayer(out, FRAME, 20, 3, 3, 16, 1 << 20));
    }

    @Test
    void shouldEndAFailedUtteranceWithoutAudioStartWhenNoAudioCame()
    {
        final int u = player.speak("a", Priority.IMPORTANT, 0);
        player.onAudio(u, new byte[0], 0, 0, false, true, 10 * MS, 10 * MS);
        assertEquals(List.of(Notice.AUDIO_END), out.notices);
        assertTrue(out.ended(AudioEndReason.FAILED));
        assertEquals(0, player.size());
    }

    /** Records what the player releases. */
    private static final class Output implements FrameOutput
    {
        record Frame(long seq, long slot, boolean paced)
        {
        }

        final List<Frame> frames = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
        final List<AudioEndReason> reasons = new ArrayList<>();
        final List<Long> underruns = new ArrayList<>();
        long timer = AudioPlayer.NO_TIMER;
        long timerDeadline = -1;
        long nextTimer;
        long consumedBytes;

        @Override
        public boolean frame(final Utterance utterance, final long seq, final boolean last, final byte[] pcm,
            final int offset,
            final int length, final long slot, final boolean paced)
        {
            frames.add(new Frame(seq, slot, paced));
            return false; // taken straight to the transport: nothing stays queued
        }

        @Override
        public void consumed(final Utterance utterance, final int bytes)
        {
            consumedBytes += bytes;
        }

        @Override
        public void underrun(final Utterance utterance, final long movedNanos)
        {
            underruns.add(movedNanos);
        }

        @Override
        public void audioStart(final String id, final int utterance)
        {
            notice(Notice.AUDIO_START, null);
        }

        @Override
        public void audioEnd(final String id, final int utterance, final long frames, final AudioEndReason reason)
        {
            notice(Notice.AUDIO_END, reason);
        }

        @Override
        public void paused(final String id, final int utterance, final long nextSeq)
        {
            notice(Notice.PAUSED, null);
        }

        @Override
        public void resumed(final String id, final int utterance, final long nextSeq)
        {
            notice(Notice.RESUMED, null);
        }

        @Override
        public void cancelled(final String id, final int utterance, final long frames)
        {
            notice(Notice.CANCELLED, null);
        }

        private void notice(final Notice notice, final AudioEndReason reason)
        {
            notices.add(notice);
            reasons.add(reason);
        }

        @Override
        public long schedule(final long deadlineNanos)
        {
            timer = ++nextTimer;
            timerDeadline = deadlineNanos;
            return timer;
        }

        @Override
        public void cancelPacingTimer(final long timerId)
        {
            timer = AudioPlayer.NO_TIMER;
        }

        @Override
        public void withdrawFrames()
        {
        }

        boolean ended(final AudioEndReason reason)
        {
            final int i = notices.lastIndexOf(Notice.AUDIO_END);
            return i >= 0 && reasons.get(i) == reason;
        }
    }
}
