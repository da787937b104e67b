package io.ringcast.perf.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.perf.harness.client.AudioHeader;
import io.ringcast.perf.harness.measure.UtteranceCheck;
import io.ringcast.perf.harness.scenario.SpeechProbe;
import io.ringcast.perf.harness.scenario.SpeechTally;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consistency and header decoding logic fed with protocol messages, no server. */
@Tag("unit")
class SpeechProbeTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDetectAGapInTheConsistencyCheck() throws Exception
    {
        final SpeechTally tally = new SpeechTally(null, null, null, null, null, 20, 3, 0);
        final SpeechProbe probe = new SpeechProbe(tally, "u");
        probe.onMessage(JSON.readTree("{\"type\":\"audio_start\",\"id\":\"x\",\"utterance\":7}"), 0);
        // audio_start for an id the probe never sent is ignored: its frames are strays.
        probe.onFrame(new AudioHeader(1, false, 7, 0, 0, 640), 1);
        assertEquals(1, tally.strayFrames.sum());
    }

    @Test
    void shouldFindTheGapOfAnUtteranceWhoseFrameWasDropped() throws Exception
    {
        final SpeechTally tally = new SpeechTally(null, null, null, null, null, 20, 3, 800);
        final SpeechProbe probe = new SpeechProbe(tally, "u");
        final List<String> sent = new ArrayList<>();
        probe.attach(sent::add);
        probe.speak("ab", System.nanoTime()); // id u0: 1600 samples expected
        probe.speak("ab", System.nanoTime()); // id u1
        assertTrue(sent.get(0).contains("\"id\":\"u0\""));
        feed(probe, "u0", 1, new int[]{0, 1, 2, 3, 4}, 640, 640); // 5 x 320 samples = 2 chars x 800
        feed(probe, "u1", 2, new int[]{0, 1, 3, 4}, 640, 160); // seq 2 dropped
        assertEquals(1, tally.verdict(UtteranceCheck.Verdict.OK));
        assertEquals(1, tally.verdict(UtteranceCheck.Verdict.GAP));
        assertEquals(2, tally.firstFrames.sum());
    }

    private static void feed(final SpeechProbe p, final String id, final int utterance, final int[] seqs, final int pcm,
        final int lastPcm) throws Exception
    {
        p.onMessage(JSON.readTree("{\"type\":\"audio_start\",\"id\":\"" + id + "\",\"utterance\":" + utterance + "}"),
            0);
        for (int i = 0; i < seqs.length; i++)
        {
            final boolean last = i == seqs.length - 1;
            p.onFrame(new AudioHeader(1, last, utterance, seqs[i], System.nanoTime(), last ? lastPcm : pcm),
                System.nanoTime());
        }
        p.onMessage(JSON.readTree("{\"type\":\"audio_end\",\"id\":\"" + id + "\",\"utterance\":" + utterance +
            ",\"frames\":" + (seqs[seqs.length - 1] + 1) + ",\"reason\":\"done\"}"), 0);
    }

    @Test
    void shouldDecodeTheV1Header()
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + 640);
        b.put((byte)1).put((byte)1).putShort((short)20).putInt(0xFFFFFFFE).putInt(42).putLong(123_456_789L);
        b.position(0);
        final AudioHeader h = AudioHeader.decode(b);
        assertEquals(1, h.kind());
        assertTrue(h.last());
        assertEquals(0xFFFFFFFEL, h.utterance());
        assertEquals(42, h.seq());
        assertEquals(123_456_789L, h.serverNanos());
        assertEquals(640, h.pcmBytes());
        assertEquals(null, AudioHeader.decode(ByteBuffer.allocate(10)));
    }

    @Test
    void shouldCountVerdictsPerUtterance()
    {
        final UtteranceCheck c = new UtteranceCheck();
        c.onFrame(0, 640);
        c.onFrame(1, 640);
        c.onFrame(3, 320);
        assertEquals(UtteranceCheck.Verdict.GAP, c.finish(3, 1600));
        assertEquals(3, c.frames());
        assertEquals(800, c.samples());
    }
}
