package io.ringcast.perf.harness.client;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.ScheduleTally;
import io.ringcast.perf.harness.scenario.SpeechProbe;
import io.ringcast.perf.harness.scenario.SpeechTally;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

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
        client.onText(ws, "{\"type\":\"ready\",\"session\":\"s-1\",\"protocol\":1,\"sample_rate\":16000," +
            "\"format\":\"pcm_s16le\",\"frame_ms\":40,\"max_message_bytes\":65536,\"prefill_frames\":1}", true);
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
        // Pairs 1-2 ... 4-5 (frames after the prefill of 1): 4 deviations of 0 against 40 ms; against 20 ms they would
        // be 20 ms.
        assertEquals(4, jitter.corrected().getTotalCount());
        assertTrue(jitter.corrected().getMaxValue() < 1_000, "max deviation us " + jitter.corrected().getMaxValue());
    }

    @Test
    void shouldMeasureLatenessFromHeaderStampsAsFromArrivalsOnTheAnnouncedGrid() throws Exception
    {
        // Decoded off the wire: the server's stamps step 15 ms at seq 10 and stay (arrivals are whenever the test
        // runs).
        final ScheduleTally fromWire = session(true);
        // Handed over as primitives: the arrivals take that same step, the stamps are on the grid.
        final ScheduleTally fromArrivals = session(false);
        assertEquals(19, fromWire.stamps().corrected().getTotalCount(),
            "frames after the one prefill frame ready announced");
        assertEquals(15.0, fromWire.stamps().corrected().getValueAtPercentile(99) / 1000.0, 0.02);
        assertEquals(fromWire.stamps().corrected(), fromArrivals.arrivals().corrected());
        assertEquals(0, fromArrivals.stamps().corrected().getMaxValue());
        assertEquals(1, fromWire.steppedStamp.sum());
        assertEquals(fromWire.steppedStamp.sum(), fromArrivals.steppedArrival.sum());
        assertEquals(1, fromWire.stepsStamp.sum());
        assertEquals(fromWire.stepsStamp.sum(), fromArrivals.stepsArrival.sum());
        assertEquals(0, fromArrivals.steppedStamp.sum());
    }

    private static ScheduleTally session(final boolean wire) throws Exception
    {
        final ScheduleTally schedule = new ScheduleTally(new SeriesRecorder("a", "test", "arrivals"),
            new SeriesRecorder("s", "test", "stamps"));
        final SpeechTally tally = new SpeechTally(null, null, null, null, null, 20, 3, 0).schedule(schedule);
        final SpeechProbe probe = new SpeechProbe(tally, "u");
        final BenchClient client = new BenchClient(probe);
        final WebSocket ws = new Unread();
        client.onOpen(ws);
        client.onText(ws,
            "{\"type\":\"ready\",\"session\":\"s-3\",\"protocol\":1,\"frame_ms\":40,\"prefill_frames\":1}", true);
        probe.attach(client);
        assertTrue(probe.speak("abc", System.nanoTime()));
        // An utterance id above the range of boxed Longs the JDK caches: the probe must still find it.
        client.onText(ws, "{\"type\":\"audio_start\",\"id\":\"u0\",\"utterance\":70000}", true);
        final long t0 = 1_000 * MS;
        for (int seq = 0; seq < 20; seq++)
        {
            final long onGrid = t0 + Math.max(0, seq - 1) * 40 * MS;
            final long stepped = onGrid + (seq >= 10 ? 15 * MS : 0);
            if (wire)
            {
                client.onBinary(ws, frame(70000, seq, stepped), true);
            }
            else
            {
                probe.onAudio(1, seq == 19, 70000, seq, onGrid, 1280, stepped);
            }
        }
        client.onText(ws,
            "{\"type\":\"audio_end\",\"id\":\"u0\",\"utterance\":70000,\"frames\":20,\"reason\":\"done\"}", true);
        schedule.arrivals().sample(null, 0);
        schedule.stamps().sample(null, 0);
        assertEquals(1, schedule.utterances.sum());
        assertEquals(20, tally.frames.sum());
        assertEquals(0, tally.strayFrames.sum());
        return schedule;
    }

    private static ByteBuffer frame(final long utterance, final int seq, final long stamp)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + 1280);
        b.put((byte)1).put((byte)0).putShort((short)20).putInt((int)utterance).putInt(seq).putLong(stamp);
        return b.position(0);
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
