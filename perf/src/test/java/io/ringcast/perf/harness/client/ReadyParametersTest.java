package io.ringcast.perf.harness.client;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.SpeechProbe;
import io.ringcast.perf.harness.scenario.SpeechTally;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jitter is measured against the frame_ms and prefill the server announced in ready, not the harness's defaults. */
@Tag("unit")
class ReadyParametersTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldMeasureJitterAgainstTheFrameMsAndPrefillAnnouncedInReady() throws Exception
    {
        final SeriesRecorder jitter = new SeriesRecorder("jitter", "test", "deviation");
        final SpeechTally tally = new SpeechTally(null, null, null, jitter, null, 20, 3, 0);
        final SpeechProbe probe = new SpeechProbe(tally, "u");
        final BenchClient client = new BenchClient(probe);
        final WebSocket ws = new Unread();
        client.onOpen(ws);
        client.onText(ws, "{\"type\":\"ready\",\"session\":\"s-1\",\"protocol\":1,\"sample_rate\":16000,"
            + "\"format\":\"pcm_s16le\",\"frame_ms\":40,\"max_message_bytes\":65536,\"prefill_frames\":1}", true);
        assertEquals(40, client.frameMs(20));
        assertEquals(1, client.prefillFrames(3));
        probe.attach(client);
        assertTrue(probe.speak("abc", System.nanoTime()));
        client.onText(ws, "{\"type\":\"audio_start\",\"id\":\"u0\",\"utterance\":9}", true);
        final long t0 = System.nanoTime();
        for (int seq = 0; seq < 6; seq++)
        {
            // Exactly on a 40 ms grid after the one prefill frame.
            probe.onFrame(new AudioHeader(1, seq == 5, 9, seq, t0, 1280), t0 + seq * 40 * MS);
        }
        jitter.sample(null, 0);
        // Pairs 1-2 ... 4-5 (frames after the prefill of 1): 4 deviations of 0 against 40 ms; against 20 ms they would be 20 ms.
        assertEquals(4, jitter.corrected().getTotalCount());
        assertTrue(jitter.corrected().getMaxValue() < 1_000, "max deviation us " + jitter.corrected().getMaxValue());
    }

    @Test
    void shouldFallBackToDefaultsWhenReadyLacksTheFields() throws Exception
    {
        final BenchClient client = new BenchClient(null);
        client.onText(new Unread(), "{\"type\":\"ready\",\"session\":\"s-2\",\"protocol\":1}", true);
        assertEquals(20, client.frameMs(20));
        assertEquals(3, client.prefillFrames(3));
    }

    /** The JDK WebSocket the client asks for more input on; these tests feed it directly. */
    private static final class Unread implements WebSocket
    {
        @Override
        public CompletableFuture<WebSocket> sendText(final CharSequence data, final boolean last)
        {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(final ByteBuffer data, final boolean last)
        {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(final ByteBuffer message)
        {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(final ByteBuffer message)
        {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(final int statusCode, final String reason)
        {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(final long n)
        {
        }

        @Override
        public String getSubprotocol()
        {
            return "";
        }

        @Override
        public boolean isOutputClosed()
        {
            return false;
        }

        @Override
        public boolean isInputClosed()
        {
            return false;
        }

        @Override
        public void abort()
        {
        }
    }
}
