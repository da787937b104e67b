package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.metrics.LatencyRecorders;
import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.RecordingSink;
import io.ringcast.engine.support.RecordingSink.Sent;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pause, resume, cancel and failure on a running engine (20 ms frames at 16 kHz: 640 bytes): the group thread, the
 * rings and the transport's completions are real. The pacing arithmetic itself is proved on a manual clock in
 * {@link PacingGridTest}; the sleeps left here are windows in which nothing may happen.
 */
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
        engine = RingEngine.start(EngineConfig.builder().groups(1).handler(commands).build());
        sink = new RecordingSink();
        engine.open(1, sink, null);
        assertTrue(Await.until(() -> engine.stream(1) != null, 1_000), "the stream opens");
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
            Arrays.fill(pcm, (k - from) * FRAME, (k - from + 1) * FRAME, (byte)(k % 100 + 1));
        }
        return pcm;
    }

    private int speak(final String id) throws InterruptedException
    {
        final int before = commands.utterances.size();
        engine.inbound(1, Priority.IMPORTANT, "speak:" + id);
        assertTrue(Await.until(() -> commands.utterances.size() > before, 1_000), "speak is handled");
        return commands.utterances.get(before);
    }

    private void audio(final int utterance, final byte[] pcm, final boolean last)
    {
        assertTrue(engine.audio(1, Priority.IMPORTANT, utterance, pcm, last ? AudioChunk.LAST : AudioChunk.MORE));
    }

    private List<Sent> audioOf(final List<Sent> sent, final int utterance)
    {
        return sent.stream().filter(s -> s.kind() == OutboundKind.AUDIO && s.utterance() == utterance).toList();
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
    void shouldWriteIntoACallersHistogramTheLatencyItWouldCopy() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 5), true);
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);

        final org.HdrHistogram.Histogram into = LatencyRecorders.newHistogram();
        into.recordValue(123_456_789L); // what the caller's histogram held is replaced, not added to
        engine.latencyInto(LatencyMetric.FIRST_AUDIO, Priority.IMPORTANT, into);
        assertEquals(1, into.getTotalCount(), "one utterance's first frame, and nothing of what was there");
        assertEquals(engine.latency(LatencyMetric.FIRST_AUDIO, Priority.IMPORTANT), into, "the same as the copy");
    }

    @Test
    void shouldSendNoFrameAfterPausedUntilResumeThenContinueFromNextSeq() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 40), true);
        sink.await(s -> s.kind() == OutboundKind.AUDIO, 8, 5_000);

        engine.inbound(1, Priority.CONTROL, "pause:a");
        final Sent paused = sink.await(s -> s.notice() == Notice.PAUSED, 1, 5_000).get(0);
        Thread.sleep(200); // a window in which no frame may follow paused
        final List<Sent> duringPause = sink.sent();
        final int pausedAt = duringPause.indexOf(paused);
        assertTrue(
            duringPause.subList(pausedAt, duringPause.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO),
            "no audio frame after paused");
        assertEquals(audioOf(duringPause, u).size(), paused.nextSeq(), "next_seq is the first frame not sent");
        assertEquals("a", paused.clientId());

        engine.inbound(1, Priority.CONTROL, "resume:a");
        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        final List<Sent> all = sink.sent();
        final List<Sent> frames = audioOf(all, u);
        assertEquals(40, frames.size(), "every frame exactly once");
        for (int k = 0; k < 40; k++)
        {
            assertEquals(k, frames.get(k).seq(), "no gap, no repeat across pause and resume");
        }
        final int resumedAt =
            all.indexOf(all.stream().filter(s -> s.notice() == Notice.RESUMED).findFirst().orElseThrow());
        assertEquals(paused.nextSeq(), all.get(resumedAt).nextSeq());
        assertEquals(paused.nextSeq(), all.subList(resumedAt, all.size()).stream()
            .filter(s -> s.kind() == OutboundKind.AUDIO).findFirst().orElseThrow().seq(),
            "resume continues at next_seq");
    }

    @Test
    void shouldWithdrawFramesQueuedBehindASlowTransportWhenPaused() throws Exception
    {
        engine.close();
        final var delayer = Executors.newSingleThreadScheduledExecutor();
        try
        {
            engine = RingEngine.start(EngineConfig.builder().groups(1).handler(commands).inflight(1 << 20, 1).build());
            sink = new RecordingSink(delayer);
            sink.delay(50); // slower than the 20 ms pace: frames wait in the outbound queue
            engine.open(1, sink, null);
            final int u = speak("a");
            audio(u, frames(0, 40), true);
            sink.await(s -> s.kind() == OutboundKind.AUDIO, 4, 5_000);
            assertTrue(Await.until(() -> engine.stream(1).queued() > 0, 5_000),
                "frames are queued behind the slow transport");

            engine.inbound(1, Priority.CONTROL, "pause");
            final Sent paused = sink.await(s -> s.notice() == Notice.PAUSED, 1, 5_000).get(0);
            Thread.sleep(300); // a window in which no queued frame may follow
            final List<Sent> during = sink.sent();
            final int at = during.indexOf(paused);
            assertTrue(during.subList(at, during.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO),
                "queued frames were withdrawn, none follows paused");
            assertEquals(audioOf(during, u).size(), paused.nextSeq());

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
        assertEquals(AudioEndReason.CANCELLED, endA.endReason());
        assertEquals(audioOf(all, a).size(), cancelled.frames(), "frames_sent counts what was handed over");
        assertTrue(audioOf(all, a).size() < 50);
        assertTrue(
            all.subList(at, all.size()).stream().noneMatch(s -> s.kind() == OutboundKind.AUDIO && s.utterance() == a),
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
        Thread.sleep(100); // a window in which b must play nothing

        final List<Sent> all = sink.sent();
        final Sent cancelled = all.stream().filter(s -> s.notice() == Notice.CANCELLED).findFirst().orElseThrow();
        assertEquals("b", cancelled.clientId());
        assertEquals(0, cancelled.frames());
        assertTrue(audioOf(all, b).isEmpty());
        assertFalse(all.stream().anyMatch(s -> s.notice() == Notice.AUDIO_START && s.utterance() == b));
        assertEquals(10, audioOf(all, a).size());
    }

    @Test
    void shouldEndWithFailedWhenSynthesisFails() throws Exception
    {
        final int u = speak("a");
        audio(u, frames(0, 5), false);
        engine.audio(1, Priority.IMPORTANT, u, new byte[0], AudioChunk.FAILED);

        final Sent end = sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000).get(0);
        assertEquals(AudioEndReason.FAILED, end.endReason());
        assertEquals(5, audioOf(sink.sent(), u).size());
    }
}
