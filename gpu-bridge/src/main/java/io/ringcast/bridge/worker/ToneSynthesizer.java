package io.ringcast.bridge.worker;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Deterministic "speech": each character becomes {@link #msPerChar} ms of a sine tone whose
 * pitch depends only on the character ({@link #pitchHz}), shaped by a short linear attack and
 * release so characters do not click; spaces are silence. Tests can recompute the exact PCM.
 * <p>
 * A character's tone depends only on its pitch step (code point modulo 40) or on being whitespace, so the 40
 * tones are computed once per sample rate, each when a character first needs it (a first request costs no more
 * than before), and an utterance is copied together from them: the reference worker stands in for a GPU whose
 * cost is modelled apart ({@code CostModel}), and its own CPU per request should be next to nothing (it was about
 * 25,000 {@code Math.sin} calls for a 31-character sentence).
 */
public final class ToneSynthesizer implements Synthesizer
{
    /** Default duration of one character: 50 ms, so 20 characters are one second of audio. */
    public static final int DEFAULT_MS_PER_CHAR = 50;

    private static final int PITCHES = 40;
    private static final double AMPLITUDE = 0.4 * Short.MAX_VALUE;
    private static final int ENVELOPE_MS = 5;

    private final int msPerChar;
    /** The tones of the last sample rate asked for (one in practice; a new rate replaces them). */
    private volatile Tones tones;

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
        Tones t = this.tones;
        if (t == null || t.sampleRate != sampleRate)
        {
            t = new Tones(sampleRate, sampleRate * msPerChar / 1000, new AtomicReferenceArray<>(PITCHES + 1));
            this.tones = t;
        }
        final int charBytes = t.perChar * 2;
        final byte[] pcm = new byte[(int)text.codePoints().count() * charBytes];
        int at = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i)))
        {
            final int cp = text.codePointAt(i);
            if (!Character.isWhitespace(cp)) // whitespace stays silence: the array's zeros
            {
                System.arraycopy(t.tone(cp % PITCHES), 0, pcm, at, charBytes);
            }
            at += charBytes;
        }
        return pcm;
    }

    /** The tones of one sample rate, each computed when a character first needs it. */
    private record Tones(int sampleRate, int perChar, AtomicReferenceArray<byte[]> pcm)
    {
        byte[] tone(final int pitch)
        {
            byte[] tone = pcm.get(pitch);
            if (tone == null)
            {
                tone = compute(pitch);
                pcm.set(pitch, tone); // two threads may both compute it: the same bytes
            }
            return tone;
        }

        /** The PCM of one character at a pitch step. */
        private byte[] compute(final int pitch)
        {
            final int ramp = Math.max(1, sampleRate * ENVELOPE_MS / 1000);
            final double step = 2 * Math.PI * pitchHz(pitch) / sampleRate;
            final byte[] tone = new byte[perChar * 2];
            for (int i = 0; i < perChar; i++)
            {
                final double envelope = Math.min(1.0, Math.min(i, perChar - 1 - i) / (double)ramp);
                final short s = (short)Math.round(AMPLITUDE * envelope * Math.sin(step * i));
                tone[2 * i] = (byte)s;
                tone[2 * i + 1] = (byte)(s >> 8);
            }
            return tone;
        }
    }
}
