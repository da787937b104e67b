package io.ringcast.bridge.worker;

/**
 * Turns text into pcm_s16le mono audio. Implementations are thread-safe; a call may take as
 * long as the backend needs and runs on the worker's synthesis threads, never on gRPC threads.
 */
public interface Synthesizer
{

    /**
     * Synthesizes {@code text}.
     *
     * @param text       what to say
     * @param voice      backend-specific voice name; empty for the default
     * @param sampleRate output rate in Hz
     * @return little-endian signed 16-bit mono samples
     * @throws SynthesisException when the backend cannot produce audio
     */
    byte[] synthesize(String text, String voice, int sampleRate) throws SynthesisException;

    /** A backend's failure, with a message fit for the Failed answer. */
    final class SynthesisException extends Exception
    {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with a message that says what to do. */
        public SynthesisException(final String message)
        {
            super(message);
        }
    }
}
