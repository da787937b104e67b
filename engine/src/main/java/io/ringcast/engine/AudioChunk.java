package io.ringcast.engine;

/** What a chunk of audio published with {@link Engine#audio} says about its utterance. */
public enum AudioChunk
{
    /** More audio follows. */
    MORE,
    /** No more audio follows: the utterance ends with reason done once its frames are out. */
    LAST,
    /** Synthesis failed: no more audio follows, the utterance ends with reason failed. */
    FAILED
}
