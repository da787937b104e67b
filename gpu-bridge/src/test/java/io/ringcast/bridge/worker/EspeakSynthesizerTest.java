package io.ringcast.bridge.worker;

import io.ringcast.testsupport.Externals;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class EspeakSynthesizerTest
{

    @Test
    void shouldProduceSpeechAt16kHzWhenEspeakInstalled() throws Exception
    {
        Externals.require(EspeakSynthesizer.PROGRAM, EspeakSynthesizer.DEBIAN_PACKAGE);
        final byte[] pcm = EspeakSynthesizer.create().synthesize("hello from ringcast", "", 16_000);
        final double seconds = pcm.length / 32_000.0;
        assertTrue(seconds > 0.5 && seconds < 5, "implausible duration " + seconds + " s");
        final ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        for (int i = 0; i < pcm.length / 2; i++)
        {
            final double s = b.getShort(2 * i);
            sum += s * s;
        }
        final double rms = Math.sqrt(sum / (pcm.length / 2.0));
        assertTrue(rms > 300, "expected audible speech, rms " + rms);
    }

    @Test
    void shouldResampleLinearly()
    {
        final ByteBuffer in = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        in.putShort((short)0).putShort((short)100).putShort((short)200).putShort((short)300);
        final byte[] out = Wav.resample(in.array(), 2, 4);
        final ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(out.length == 16 && o.getShort(2) == 50 && o.getShort(4) == 100, "linear interpolation");
    }
}
