package io.ringcast.engine;

import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.RecordingSink;
import io.ringcast.engine.support.RecordingSink.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real-time pacing and barge-in on a running engine (20 ms frames at 16 kHz: 640 bytes). */
@Tag("integration")
class PacingTest
{
    private static final int FRAME = 640;
    private static final long MS = 1_000_000L;

    private final Commands commands = new Commands();
    private Engine engine;
    private RecordingSink sink;

    @BeforeEach
    void setUp() throws InterruptedException
    {
        engine = Engine.start(EngineConfig.builder().groups(1).handler(commands).build());
        sink = new RecordingSink();
        engine.open(1, sink, null);
        for (int i = 0; i < 500 && engine.stream(1) == null; i++)
        {
            Thread.sleep(2);
        }
    }

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    /** PCM for frames [from, to): every byte of frame k holds k % 100 + 1, so content shows the order. */
    private static byte[] frames(final int from, final int to)
    {
        final byte[] pcm = new byte[(to - from) * FRAME];
        for (int k = from; k < to; k++)
        {
            java.util.Arrays.fill(pcm, (k - from) * FRAME, (k - from + 1) * FRAME, (byte)(k % 100 + 1));
        }
        return pcm;
    }

    private int speak(final String id) throws InterruptedException
    {
        final int before = commands.utterances.size();
        engine.inbound(1, Priority.IMPORTANT, "speak:" + id);
        for (int i = 0; i < 500 && commands.utterances.size() == before; i++)
        {
            Thread.sleep(1);
        }
        return commands.utterances.get(before);
    }

    private void audio(final int utterance, final byte[] pcm, final boolean last)
    {
        assertTrue(engine.audio(1, Priority.IMPORTANT, utterance, pcm, 0, pcm.length, last, false));
    }

    private List<Sent> audioOf(final List<Sent> sent, final int utterance)
    {
        return sent.stream().filter(s -> s.kind() == OutboundKind.AUDIO && s.utterance() == utterance).toList();
    }

    @Test
    void shouldSendPrefillAtOnceThenOneFramePerFrameMs() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 30), true);

        final List<Sent> end = sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        assertEquals(1, end.size());
        final List<Sent> all = sink.sent();
        final List<Sent> frames = audioOf(all, u);
        assertEquals(30, frames.size());
        assertEquals(Notice.AUDIO_START, all.get(0).notice(), "audio_start comes first");
        assertEquals(Notice.AUDIO_END, all.get(all.size() - 1).notice(), "audio_end comes after the last frame");
        assertEquals(30, end.get(0).count());
        assertEquals(AudioEndReason.DONE.ordinal(), end.get(0).code());
        for (int k = 0; k < 30; k++)
        {
            assertEquals(k, frames.get(k).seq());
            assertEquals(k % 100 + 1, frames.get(k).firstPcmByte(), "frame content in order");
            assertEquals(k == 29, frames.get(k).last(), "only the last frame carries the last flag");
        }
        // Prefill: 3 frames at once; then one per 20 ms on the monotonic clock (wide bounds).
        assertTrue(frames.get(2).sendNanos() - frames.get(0).sendNanos() < 5 * MS);
        final long paced = frames.get(29).sendNanos() - frames.get(2).sendNanos();
        assertTrue(paced > 27 * 20 * MS - 20 * MS && paced < 27 * 20 * MS + 60 * MS, "27 paced gaps took " + paced / MS + " ms");
        for (int k = 4; k < 30; k++)
        {
            final long gap = frames.get(k).sendNanos() - frames.get(k - 1).sendNanos();
            assertTrue(gap > 10 * MS && gap < 40 * MS, "gap before frame " + k + " was " + gap / 1000 + " us");
        }
    }

    @Test
    void shouldRecordFirstAudioLatencyFromSpeakToTheFirstFrameOncePerUtterance() throws Exception
    {
        final int u = speak("a");
        Thread.sleep(50); // the worker takes 50 ms to the first audio
        audio(u, frames(0, 5), true);
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);

        final org.HdrHistogram.Histogram fal = engine.latency(LatencyMetric.FIRST_AUDIO, Priority.IMPORTANT);
        assertEquals(1, fal.getTotalCount(), "one utterance, one first frame (5 frames sent)");
        final long ms = fal.getMaxValue() / MS;
        assertTrue(ms >= 45 && ms < 2_000, "speak to first frame took " + ms + " ms");
    }

    @Test
    void shouldCatchUpOnTheOriginalGridWithoutAnUnderrunWhenTheGroupThreadIsHeld() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 40), true);
        sink.await(s -> s.kind() == OutboundKind.AUDIO, 10, 5_000);
        engine.inbound(1, Priority.CONTROL, "block:30"); // the group thread sleeps 30 ms: frames come due meanwhile

        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        final List<Sent> frames = audioOf(sink.sent(), u);
        assertEquals(40, frames.size());
        // Offset of each paced frame from its slot on a 20 ms grid: a held thread delays a few frames, then they
        // catch up; a grid that moved would leave every later frame ~30 ms behind the early ones.
        final long[] offset = new long[frames.size()];
        for (int k = 3; k < frames.size(); k++)
        {
            offset[k] = frames.get(k).sendNanos() - k * 20 * MS;
        }
        final long early = median(java.util.Arrays.copyOfRange(offset, 3, 9));
        final long late = median(java.util.Arrays.copyOfRange(offset, 30, 40));
        assertTrue(Math.abs(late - early) < 8 * MS, "the grid moved by " + (late - early) / 1e6 + " ms");
        assertEquals(0, engine.snapshot().underruns(), "a held thread is not an underrun");
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void shouldSendNoFrameAfterPausedUntilResumeThenContinueFromNextSeq() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 40), true);
        sink.await(s -> s.kind() == OutboundKind.AUDIO, 8, 5_000);

        engine.inbound(1, Priority.CONTROL, "pause:a");
        final Sent paused = sink.await(s -> s.notice() == Notice.PAUSED, 1, 5_000).get(0);
        Thread.sleep(200);
        final List<Sent> duringPause = sink.sent();
        final int pausedAt = duringPause.indexOf(paused);
        assertTrue(duringPause.subList(pausedAt, duringPause.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO),
            "no audio frame after paused");
        assertEquals(audioOf(duringPause, u).size(), paused.count(), "next_seq is the first frame not sent");
        assertEquals("a", paused.text());

        engine.inbound(1, Priority.CONTROL, "resume:a");
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        final List<Sent> all = sink.sent();
        final List<Sent> frames = audioOf(all, u);
        assertEquals(40, frames.size(), "every frame exactly once");
        for (int k = 0; k < 40; k++)
        {
            assertEquals(k, frames.get(k).seq(), "no gap, no repeat across pause and resume");
        }
        final int resumedAt = all.indexOf(all.stream().filter(s -> s.notice() == Notice.RESUMED).findFirst().orElseThrow());
        assertEquals(paused.count(), all.get(resumedAt).count());
        assertEquals(paused.count(), all.subList(resumedAt, all.size()).stream()
            .filter(s -> s.kind() == OutboundKind.AUDIO).findFirst().orElseThrow().seq(), "resume continues at next_seq");
    }

    @Test
    void shouldWithdrawFramesQueuedBehindASlowTransportWhenPaused() throws Exception
    {
        engine.close();
        final var delayer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try
        {
            engine = Engine.start(EngineConfig.builder().groups(1).handler(commands).inflight(1 << 20, 1).build());
            sink = new RecordingSink(delayer);
            sink.delay(50); // slower than the 20 ms pace: frames wait in the outbound queue
            engine.open(1, sink, null);
            final int u = speak("a");
            audio(u, frames(0, 40), true);
            sink.await(s -> s.kind() == OutboundKind.AUDIO, 4, 5_000);
            Thread.sleep(100);
            assertTrue(engine.stream(1).queued() > 0, "frames are queued behind the slow transport");

            engine.inbound(1, Priority.CONTROL, "pause");
            final Sent paused = sink.await(s -> s.notice() == Notice.PAUSED, 1, 5_000).get(0);
            Thread.sleep(300);
            final List<Sent> during = sink.sent();
            final int at = during.indexOf(paused);
            assertTrue(during.subList(at, during.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO),
                "queued frames were withdrawn, none follows paused");
            assertEquals(audioOf(during, u).size(), paused.count());

            sink.delay(0);
            engine.inbound(1, Priority.CONTROL, "resume");
            sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 10_000);
            final List<Sent> frames = audioOf(sink.sent(), u);
            assertEquals(40, frames.size());
            for (int k = 0; k < 40; k++)
            {
                assertEquals(k, frames.get(k).seq());
                assertEquals(k % 100 + 1, frames.get(k).firstPcmByte(), "rewound frames carry their own audio");
            }
        }
        finally
        {
            delayer.shutdownNow();
        }
    }

    @Test
    void shouldDiscardTheUtteranceOnCancelAndPlayTheNextOne() throws Exception
    {
        final int a = speak("a");
        final int b = speak("b");
        audio(a, frames(0, 50), true);
        audio(b, frames(0, 5), true);
        sink.await(s -> s.kind() == OutboundKind.AUDIO, 6, 5_000);

        engine.inbound(1, Priority.CONTROL, "cancel:a");
        sink.await(s -> s.notice() == Notice.AUDIO_END && s.utterance() == b, 1, 5_000);

        final List<Sent> all = sink.sent();
        final Sent cancelled = all.stream().filter(s -> s.notice() == Notice.CANCELLED).findFirst().orElseThrow();
        final int at = all.indexOf(cancelled);
        final Sent endA = all.get(at - 1);
        assertEquals(Notice.AUDIO_END, endA.notice(), "audio_end(cancelled) precedes cancelled");
        assertEquals(AudioEndReason.CANCELLED.ordinal(), endA.code());
        assertEquals(audioOf(all, a).size(), cancelled.count(), "frames_sent counts what was handed over");
        assertTrue(audioOf(all, a).size() < 50);
        assertTrue(all.subList(at, all.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO && s.utterance() == a),
            "nothing of a cancelled utterance follows cancelled");
        assertEquals(5, audioOf(all, b).size(), "the next utterance plays in full");
    }

    @Test
    void shouldCancelAQueuedUtteranceBeforeItStarts() throws Exception
    {
        final int a = speak("a");
        final int b = speak("b");
        audio(a, frames(0, 10), true);
        engine.inbound(1, Priority.CONTROL, "cancel:b");
        audio(b, frames(0, 10), true);
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        Thread.sleep(100);

        final List<Sent> all = sink.sent();
        final Sent cancelled = all.stream().filter(s -> s.notice() == Notice.CANCELLED).findFirst().orElseThrow();
        assertEquals("b", cancelled.text());
        assertEquals(0, cancelled.count());
        assertTrue(audioOf(all, b).isEmpty());
        assertFalse(all.stream().anyMatch(s -> s.notice() == Notice.AUDIO_START && s.utterance() == b));
        assertEquals(10, audioOf(all, a).size());
    }

    @Test
    void shouldEndWithFailedWhenSynthesisFails() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 5), false);
        engine.audio(1, Priority.IMPORTANT, u, new byte[0], 0, 0, false, true);

        final Sent end = sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000).get(0);
        assertEquals(AudioEndReason.FAILED.ordinal(), end.code());
        assertEquals(5, audioOf(sink.sent(), u).size());
    }

    @Test
    void shouldPaceOnFromLateAudioInsteadOfBursting() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 4), false);
        for (int k = 4; k < 12; k++)
        {
            Thread.sleep(40); // synthesis slower than real time: an underrun each frame
            audio(u, frames(k, k + 1), k == 11);
        }
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);

        final List<Sent> frames = audioOf(sink.sent(), u);
        assertEquals(12, frames.size());
        for (int k = 4; k < 12; k++)
        {
            final long gap = frames.get(k).sendNanos() - frames.get(k - 1).sendNanos();
            assertTrue(gap > 10 * MS, "late frames are not sent in a burst (gap before " + k + ": " + gap / 1000 + " us)");
        }
    }
}
