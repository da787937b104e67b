package io.ringcast.bridge.worker;

/**
 * Deterministic "speech": each character becomes {@link #msPerChar} ms of a sine tone whose
 * pitch depends only on the character ({@link #pitchHz}), shaped by a short linear attack and
 * release so characters do not click; spaces are silence. Tests can recompute the exact PCM.
 */
public final class ToneSynthesizer implements Synthesizer
{

    /** Default duration of one character: 50 ms, so 20 characters are one second of audio. */
    public static final int DEFAULT_MS_PER_CHAR = 50;

    private static final double AMPLITUDE = 0.4 * Short.MAX_VALUE;
    private static final int ENVELOPE_MS = 5;

    private final int msPerChar;

    /** A synthesizer with {@value #DEFAULT_MS_PER_CHAR} ms per character. */
    public ToneSynthesizer()
    {
        this(DEFAULT_MS_PER_CHAR);
    }

    /** A synthesizer with the given duration per character (1..1000 ms). */
    public ToneSynthesizer(final int msPerChar)
    {
        if (msPerChar < 1 || msPerChar > 1000)
        {
            throw new IllegalArgumentException("msPerChar must be in 1..1000, got " + msPerChar);
        }
        this.msPerChar = msPerChar;
    }

    /** The duration of one character in ms. */
    public int msPerChar()
    {
        return msPerChar;
    }

    /** The tone of a character: 220 Hz plus 20 Hz per step of its code point modulo 40. */
    public static double pitchHz(final int codePoint)
    {
        return 220.0 + 20.0 * (codePoint % 40);
    }

    @Override
    public byte[] synthesize(final String text, final String voice, final int sampleRate)
    {
        final int perChar = sampleRate * msPerChar / 1000;
        final int[] codePoints = text.codePoints().toArray();
        final byte[] pcm = new byte[codePoints.length * perChar * 2];
        final int ramp = Math.max(1, sampleRate * ENVELOPE_MS / 1000);
        int at = 0;
        for (final int cp : codePoints)
        {
            final double step = 2 * Math.PI * pitchHz(cp) / sampleRate;
            final boolean silent = Character.isWhitespace(cp);
            for (int i = 0; i < perChar; i++)
            {
                final double envelope = Math.min(1.0, Math.min(i, perChar - 1 - i) / (double)ramp);
                final short s = silent ? 0 : (short)Math.round(AMPLITUDE * envelope * Math.sin(step * i));
                pcm[at++] = (byte)s;
                pcm[at++] = (byte)(s >> 8);
            }
        }
        return pcm;
    }
}
