package io.ringcast.engine.queue;

import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.Notice;
import io.ringcast.engine.Outbound;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;

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
    String clientId;
    long frames;
    long nextSeq;
    AudioEndReason endReason;
    QueueLevel level;
    long queued;
    long dropped;
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
     * An AUDIO_START notice.
     *
     * @param id        the client's id for the utterance, may be null.
     * @param utterance utterance number.
     */
    public void audioStart(final String id, final int utterance)
    {
        notice(Notice.AUDIO_START, id, utterance);
    }

    /**
     * An AUDIO_END notice.
     *
     * @param id        the client's id for the utterance, may be null.
     * @param utterance utterance number.
     * @param frames    frames handed to the transport.
     * @param reason    why it ended.
     */
    public void audioEnd(final String id, final int utterance, final long frames, final AudioEndReason reason)
    {
        notice(Notice.AUDIO_END, id, utterance);
        this.frames = frames;
        this.endReason = reason;
    }

    /**
     * A PAUSED notice.
     *
     * @param id        the client's id given with the command, may be null.
     * @param utterance the utterance playing, or 0.
     * @param nextSeq   seq of the first frame not sent yet.
     */
    public void paused(final String id, final int utterance, final long nextSeq)
    {
        notice(Notice.PAUSED, id, utterance);
        this.nextSeq = nextSeq;
    }

    /**
     * A RESUMED notice.
     *
     * @param id        the client's id given with the command, may be null.
     * @param utterance the utterance playing, or 0.
     * @param nextSeq   seq of the frame playing continues with.
     */
    public void resumed(final String id, final int utterance, final long nextSeq)
    {
        notice(Notice.RESUMED, id, utterance);
        this.nextSeq = nextSeq;
    }

    /**
     * A CANCELLED notice.
     *
     * @param id        the client's id for the utterance, may be null.
     * @param utterance utterance number.
     * @param frames    frames handed to the transport before the cancel.
     */
    public void cancelled(final String id, final int utterance, final long frames)
    {
        notice(Notice.CANCELLED, id, utterance);
        this.frames = frames;
    }

    /**
     * A BACKPRESSURE notice.
     *
     * @param level   the queue's new level.
     * @param queued  messages queued.
     * @param dropped messages dropped so far, all lanes.
     */
    public void backpressure(final QueueLevel level, final long queued, final long dropped)
    {
        notice(Notice.BACKPRESSURE, null, 0);
        this.level = level;
        this.queued = queued;
        this.dropped = dropped;
    }

    private void notice(final Notice notice, final String id, final int utterance)
    {
        this.kind = OutboundKind.NOTICE;
        this.notice = notice;
        this.clientId = id;
        this.utterance = utterance;
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
        clientId = null;
        endReason = null;
        level = null;
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
    public String clientId()
    {
        return clientId;
    }

    @Override
    public long frames()
    {
        return frames;
    }

    @Override
    public long nextSeq()
    {
        return nextSeq;
    }

    @Override
    public AudioEndReason endReason()
    {
        return endReason;
    }

    @Override
    public QueueLevel level()
    {
        return level;
    }

    @Override
    public long queued()
    {
        return queued;
    }

    @Override
    public long dropped()
    {
        return dropped;
    }

    @Override
    public long sendNanos()
    {
        return sendNanos;
    }
}
