package io.ringcast.bridge.worker;

import io.ringcast.bridge.protocol.Request;
import io.ringcast.bridge.worker.Synthesizer.SynthesisException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Produces what the reference worker answers to one request, already cut into chunks:
 * synthesis gives PCM in chunks of {@code chunkFrames} frames; fusion gives one JSON chunk: the
 * {@code summary} model's exact summary of the window ({@link FusionSummary}), or, for any other
 * model, one that names the model and counts the input bytes (a stand-in for a real model).
 */
final class RequestOutputs
{

    /** Default sample rate when a request leaves it 0. */
    static final int DEFAULT_SAMPLE_RATE = 16_000;
    /** Default frame length when a request leaves it 0. */
    static final int DEFAULT_FRAME_MS = 20;

    private final Synthesizer synth;
    private final int chunkFrames;

    RequestOutputs(final Synthesizer synth, final int chunkFrames)
    {
        if (chunkFrames < 1)
        {
            throw new IllegalArgumentException("chunk frames must be >= 1, got " + chunkFrames);
        }
        this.synth = synth;
        this.chunkFrames = chunkFrames;
    }

    /** The chunks and audio length of one request's answer. */
    record Output(byte[][] chunks, double audioSeconds)
    {
    }

    /**
     * Computes the answer.
     *
     * @throws SynthesisException with a reason-specific message when the request cannot be served
     */
    Output produce(final Request r) throws SynthesisException
    {
        switch (r.getKind())
        {
            case REQUEST_KIND_SYNTHESIS:
                return synthesis(r);
            case REQUEST_KIND_FUSION:
                if (FusionSummary.MODEL.equals(r.getModel()))
                {
                    return new Output(new byte[][]{FusionSummary.summarize(r.getPayload().toByteArray())}, 0);
                }
                final String json =
                    "{\"model\":\"" + escape(r.getModel()) + "\",\"input_bytes\":" + r.getPayload().size() + "}";
                return new Output(new byte[][]{json.getBytes(StandardCharsets.UTF_8)}, 0);
            default:
                throw new SynthesisException("unsupported request kind " + r.getKind());
        }
    }

    private Output synthesis(final Request r) throws SynthesisException
    {
        final int rate = r.getSampleRate() == 0 ? DEFAULT_SAMPLE_RATE : r.getSampleRate();
        final int frameMs = r.getFrameMs() == 0 ? DEFAULT_FRAME_MS : r.getFrameMs();
        if (rate < 8_000 || rate > 48_000 || frameMs < 5 || frameMs > 200)
        {
            throw new SynthesisException("sample_rate must be 8000..48000 and frame_ms 5..200");
        }
        final byte[] pcm = synth.synthesize(r.getText(), r.getVoice(), rate);
        final int chunkBytes = Math.max(2, rate * frameMs / 1000 * 2 * chunkFrames);
        final int n = Math.max(1, (pcm.length + chunkBytes - 1) / chunkBytes);
        final byte[][] chunks = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            chunks[i] = Arrays.copyOfRange(pcm, Math.min(pcm.length, i * chunkBytes),
                Math.min(pcm.length, (i + 1) * chunkBytes));
        }
        return new Output(chunks, pcm.length / (2.0 * rate));
    }

    private static String escape(final String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
