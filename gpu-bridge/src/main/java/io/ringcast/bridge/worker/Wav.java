package io.ringcast.bridge.worker;

import io.ringcast.bridge.worker.Synthesizer.SynthesisException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A minimal RIFF/WAVE reader for 16-bit PCM (mono, or the first channel of several) and a
 * linear-interpolation resampler: enough for espeak-ng's output, nothing more.
 *
 * @param pcm        s16le mono samples
 * @param sampleRate their rate in Hz
 */
record Wav(byte[] pcm, int sampleRate)
{

    /** Parses a WAV file; a data chunk with a bogus length (streamed output) runs to the end. */
    static Wav parse(final byte[] file) throws SynthesisException
    {
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157)
        {
            throw new SynthesisException("not a RIFF/WAVE stream (" + file.length + " bytes)");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int at = 12;
        while (at + 8 <= file.length)
        {
            final int id = b.getInt(at);
            final long size = b.getInt(at + 4) & 0xFFFFFFFFL;
            final int body = at + 8;
            if (id == 0x20746d66)
            { // "fmt "
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            }
            else if (id == 0x61746164)
            { // "data"
                if (bits != 16 || channels < 1)
                {
                    throw new SynthesisException("unsupported WAV: " + bits + " bits, " + channels + " channels");
                }
                final int end = (int)Math.min(file.length, body + size);
                return new Wav(firstChannel(Arrays.copyOfRange(file, body, end), channels), rate);
            }
            at = (int)Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new SynthesisException("WAV without a data chunk");
    }

    private static byte[] firstChannel(final byte[] interleaved, final int channels)
    {
        if (channels == 1)
        {
            return interleaved.length % 2 == 0 ? interleaved : Arrays.copyOf(interleaved, interleaved.length - 1);
        }
        final int frames = interleaved.length / (2 * channels);
        final byte[] mono = new byte[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            mono[2 * i] = interleaved[2 * i * channels];
            mono[2 * i + 1] = interleaved[2 * i * channels + 1];
        }
        return mono;
    }

    /** Resamples s16le mono from one rate to another by linear interpolation. */
    static byte[] resample(final byte[] pcm, final int from, final int to)
    {
        if (from == to)
        {
            return pcm;
        }
        final ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        final int n = pcm.length / 2;
        final int m = (int)((long)n * to / from);
        final ByteBuffer out = ByteBuffer.allocate(m * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m; i++)
        {
            final double pos = (double)i * from / to;
            final int j = (int)pos;
            final double frac = pos - j;
            final short a = in.getShort(2 * Math.min(j, n - 1));
            final short c = in.getShort(2 * Math.min(j + 1, n - 1));
            out.putShort((short)Math.round(a + (c - a) * frac));
        }
        return out.array();
    }
}
