package io.ringcast.engine.queue;

import io.ringcast.engine.Notice;
import io.ringcast.engine.Outbound;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;

/**
 * A reusable slot of an outbound lane. The group thread fills it at admission, hands it to the sink as an
 * {@link Outbound}, then reuses it; audio frames copy their PCM into the slot's own array, so steady-state
 * audio allocates nothing.
 */
public final class OutboundMessage implements Outbound
{
    OutboundKind kind;
    Priority priority;
    String text;
    long seq;
    int utterance;
    boolean lastFrame;
    byte[] pcm;
    int pcmLength;
    Notice notice;
    long count;
    long count2;
    int code;
    int bytes;
    long originNanos;
    long sendNanos;
    boolean paced;
    Object owner;

    /** @param text the complete text message. */
    public void text(final String text)
    {
        this.kind = OutboundKind.TEXT;
        this.text = text;
    }

    /**
     * @param tail the topic message's pre-encoded shared part.
     * @param seq  this subscriber's per-topic sequence.
     */
    public void topic(final String tail, final long seq)
    {
        this.kind = OutboundKind.TOPIC;
        this.text = tail;
        this.seq = seq;
    }

    /**
     * Copy one audio frame into this slot.
     *
     * @param owner     the utterance it belongs to (for accounting when it leaves the queue).
     * @param utterance utterance number.
     * @param seq       frame sequence.
     * @param last      true on the utterance's last frame.
     * @param src       PCM source.
     * @param offset    start in src.
     * @param length    PCM bytes.
     */
    public void audio(final Object owner, final int utterance, final long seq, final boolean last,
        final byte[] src, final int offset, final int length)
    {
        this.kind = OutboundKind.AUDIO;
        this.paced = false;
        this.owner = owner;
        this.utterance = utterance;
        this.seq = seq;
        this.lastFrame = last;
        if (pcm == null || pcm.length < length)
        {
            pcm = new byte[length];
        }
        System.arraycopy(src, offset, pcm, 0, length);
        this.pcmLength = length;
    }

    /**
     * @param notice    which notice.
     * @param id        client id, may be null.
     * @param utterance utterance number, if any.
     * @param count     first count.
     * @param count2    second count.
     * @param code      reason or level ordinal.
     */
    public void notice(final Notice notice, final String id, final int utterance, final long count, final long count2, final int code)
    {
        this.kind = OutboundKind.NOTICE;
        this.notice = notice;
        this.text = id;
        this.utterance = utterance;
        this.count = count;
        this.count2 = count2;
        this.code = code;
    }

    /** @param nanos when the message entered the engine (or its pacing deadline), for end-to-end latency. */
    public void originNanos(final long nanos)
    {
        this.originNanos = nanos;
    }

    /** An audio frame paced on its grid (not a prefill frame): its lateness is measured. */
    public void paced(final boolean paced)
    {
        this.paced = paced;
    }

    /** @return true for an audio frame paced on its grid, whose lateness is measured. */
    public boolean paced()
    {
        return paced;
    }

    /** @return when the message entered the engine (or its pacing deadline). */
    public long originNanos()
    {
        return originNanos;
    }

    /** @param nanos when the send starts. */
    public void sendNanos(final long nanos)
    {
        this.sendNanos = nanos;
    }

    /** @return the utterance an audio frame belongs to, else null. */
    public Object owner()
    {
        return owner;
    }

    /** @return bytes counted against the queue's bound. */
    public int bytes()
    {
        return bytes;
    }

    void reset()
    {
        text = null;
        owner = null;
        notice = null;
    }

    @Override
    public OutboundKind kind()
    {
        return kind;
    }

    @Override
    public Priority priority()
    {
        return priority;
    }

    @Override
    public String text()
    {
        return text;
    }

    @Override
    public long seq()
    {
        return seq;
    }

    @Override
    public int utterance()
    {
        return utterance;
    }

    @Override
    public boolean lastFrame()
    {
        return lastFrame;
    }

    @Override
    public byte[] pcm()
    {
        return pcm;
    }

    @Override
    public int pcmLength()
    {
        return pcmLength;
    }

    @Override
    public Notice notice()
    {
        return notice;
    }

    @Override
    public long count()
    {
        return count;
    }

    @Override
    public long count2()
    {
        return count2;
    }

    @Override
    public int code()
    {
        return code;
    }

    @Override
    public long sendNanos()
    {
        return sendNanos;
    }
}
