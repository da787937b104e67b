package io.ringcast.engine;

/**
 * What a chunk of audio published with {@link Engine#audio} says about its utterance, and so how soon its group must
 * see it. The first audio of an utterance wakes a parked group at once (it sets first audio latency). Later chunks
 * find the stream playing: a group with audio to pace parks at most 10 ms, until its next frame deadline, and takes
 * them then, before that deadline's frames; they wake only a group that parks long (nothing playing, as after an
 * underrun). That saves a wake-up of the group thread, and the publisher's unpark, per chunk.
 */
public enum AudioChunk
{
    /** The utterance's first audio; more follows. Wakes a parked group at once. */
    FIRST,
    /** More audio follows. */
    MORE,
    /** No more audio follows: the utterance ends with reason done once its frames are out. */
    LAST,
    /** Synthesis failed: no more audio follows, the utterance ends with reason failed. */
    FAILED;

    /** @return whether the group must wake for it at once rather than at its next pacing tick. */
    public boolean urgent()
    {
        return this == FIRST;
    }
}
