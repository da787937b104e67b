package io.ringcast.bridge.worker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The tones copied together from per-pitch PCM are the tones computed sample by sample. */
@Tag("unit")
class ToneSynthesizerTest
{
    /** The definition: per character, a sine at {@link ToneSynthesizer#pitchHz} with 5 ms linear ramps. */
    private static byte[] direct(final String text, final int sampleRate, final int msPerChar)
    {
        final int perChar = sampleRate * msPerChar / 1000;
        final int[] codePoints = text.codePoints().toArray();
        final byte[] pcm = new byte[codePoints.length * perChar * 2];
        final int ramp = Math.max(1, sampleRate * 5 / 1000);
        int at = 0;
        for (final int cp : codePoints)
        {
            final double step = 2 * Math.PI * ToneSynthesizer.pitchHz(cp) / sampleRate;
            for (int i = 0; i < perChar; i++)
            {
                final double envelope = Math.min(1.0, Math.min(i, perChar - 1 - i) / (double)ramp);
                final short s = Character.isWhitespace(cp)
                    ? 0
                    : (short)Math.round(0.4 * Short.MAX_VALUE * envelope * Math.sin(step * i));
                pcm[at++] = (byte)s;
                pcm[at++] = (byte)(s >> 8);
            }
        }
        return pcm;
    }

    @Test
    void shouldProduceExactlyTheSampleBySampleToneForEveryCharacterAndRate()
    {
        final String text = "Hello there, how are you today?\tÄ 😀 zz 12";
        final ToneSynthesizer tones = new ToneSynthesizer();
        for (final int rate : new int[]{16_000, 8_000, 48_000, 16_000})
        {
            assertArrayEquals(direct(text, rate, 50), tones.synthesize(text, "", rate), "at " + rate + " Hz");
        }
        assertArrayEquals(direct(text, 16_000, 7), new ToneSynthesizer(7).synthesize(text, "", 16_000));
    }
}
