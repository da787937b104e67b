package io.ringcast.bridge.worker;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real speech through the espeak-ng program ({@code espeak-ng --stdout}, text on stdin). The
 * WAV it prints (22,050 Hz s16le mono) is parsed and resampled here to the requested rate.
 */
public final class EspeakSynthesizer implements Synthesizer
{

    /** The program this backend runs. */
    public static final String PROGRAM = "espeak-ng";
    /** The Debian package that provides {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "espeak-ng";

    private static final long TIMEOUT_SECONDS = 30;

    private final String program;

    private EspeakSynthesizer(final String program)
    {
        this.program = program;
    }

    /** The espeak-ng program on PATH, if any. */
    public static Optional<String> findProgram()
    {
        final String path = System.getenv().getOrDefault("PATH", "");
        for (final String dir : path.split(File.pathSeparator))
        {
            final File f = new File(dir, PROGRAM);
            if (!dir.isEmpty() && f.canExecute())
            {
                return Optional.of(f.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Creates the backend.
     *
     * @throws IllegalStateException naming the Debian package when espeak-ng is not installed
     */
    public static EspeakSynthesizer create()
    {
        return new EspeakSynthesizer(findProgram().orElseThrow(() -> new IllegalStateException(
            "--synth espeak needs the '" + PROGRAM + "' program, which is not on PATH: " +
                "install the Debian package '" + DEBIAN_PACKAGE + "' (apt-get install " + DEBIAN_PACKAGE + ")")));
    }

    @Override
    public byte[] synthesize(final String text, final String voice, final int sampleRate) throws SynthesisException
    {
        final List<String> cmd = new ArrayList<>(List.of(program, "--stdout"));
        if (voice != null && !voice.isEmpty())
        {
            cmd.add("-v");
            cmd.add(voice);
        }
        try
        {
            final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream())
            {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            final byte[] wav = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new SynthesisException(PROGRAM + " took longer than " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0)
            {
                throw new SynthesisException(PROGRAM + " exited with status " + p.exitValue());
            }
            final Wav parsed = Wav.parse(wav);
            return Wav.resample(parsed.pcm(), parsed.sampleRate(), sampleRate);
        }
        catch (IOException e)
        {
            throw new SynthesisException(PROGRAM + " failed: " + e.getMessage());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new SynthesisException(PROGRAM + " interrupted");
        }
    }

    private static byte[] readAll(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        in.transferTo(out);
        return out.toByteArray();
    }
}
