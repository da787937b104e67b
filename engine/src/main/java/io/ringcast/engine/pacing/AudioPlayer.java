package io.ringcast.engine.pacing;

import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.Notice;
import io.ringcast.engine.Priority;
import io.ringcast.engine.queue.OutboundMessage;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A stream's utterances and its real-time pacing clock. Utterances play one after another; frames of the
 * playing one are released {@code prefill} at once and then one per {@code frame_ms} on the monotonic
 * clock (deadlines from an anchor, so error never accumulates). Group thread only.
 * <p>
 * Ordering guarantees (PROTOCOL.md): AUDIO_START is queued before the first frame; AUDIO_END only once the
 * last frame has left the outbound queue; PAUSED after withdrawing every frame not yet handed to the
 * transport; CANCELLED after the utterance's frames were discarded.
 */
public final class AudioPlayer
{
    /** No timer pending. */
    public static final long NO_TIMER = -1;

    private final ArrayDeque<Utterance> playlist = new ArrayDeque<>();
    private final ArrayDeque<Utterance> spare = new ArrayDeque<>();
    private final FrameOutput out;
    private final int frameBytes;
    private final long frameNanos;
    private final int prefill;
    private final int maxUtterances;
    private final long maxUtteranceBytes;
    private int nextNumber = 1;
    private boolean paused;
    private long timerId = NO_TIMER;
    private long anchor;
    private long sinceAnchor;
    private boolean pumping;

    /**
     * @param out               where frames and notices go.
     * @param frameBytes        bytes per full frame.
     * @param frameMs           frame length.
     * @param prefill           frames released at once before pacing.
     * @param maxUtterances     utterances queued or playing at most.
     * @param maxUtteranceBytes audio one utterance may buffer.
     */
    public AudioPlayer(final FrameOutput out, final int frameBytes, final int frameMs, final int prefill,
        final int maxUtterances, final long maxUtteranceBytes)
    {
        this.out = out;
        this.frameBytes = frameBytes;
        this.frameNanos = frameMs * 1_000_000L;
        this.prefill = prefill;
        this.maxUtterances = maxUtterances;
        this.maxUtteranceBytes = maxUtteranceBytes;
    }

    /**
     * @return the new utterance's number, or -1 if too many are queued.
     */
    public int speak(final String clientId, final Priority priority)
    {
        if (playlist.size() >= maxUtterances)
        {
            return -1;
        }
        final Utterance u = spare.isEmpty() ? new Utterance() : spare.pollFirst();
        final int number = nextNumber;
        nextNumber = nextNumber == Integer.MAX_VALUE ? 1 : nextNumber + 1;
        u.reset(number, clientId, priority);
        playlist.addLast(u);
        return number;
    }

    /**
     * Audio for an utterance arrived.
     *
     * @param number utterance number.
     * @param last   no more audio follows.
     * @param failed synthesis failed; no more audio follows.
     * @param now    monotonic time.
     */
    public void onAudio(final int number, final byte[] pcm, final int offset, final int length,
        final boolean last, final boolean failed, final long now)
    {
        final Utterance u = find(number);
        if (u == null || u.complete)
        {
            return; // cancelled, or already ended: late chunks are dropped
        }
        if (length > 0 && !u.append(pcm, offset, length, maxUtteranceBytes))
        {
            u.failed = true;
            u.complete = true;
        }
        u.complete |= last | failed;
        u.failed |= failed;
        if (u == playlist.peekFirst())
        {
            pump(now);
        }
    }

    /** A pacing deadline passed. */
    public void onTimer(final long now)
    {
        timerId = NO_TIMER;
        pump(now);
    }

    /**
     * A frame left the outbound queue.
     *
     * @param owner the frame's utterance ({@link OutboundMessage#owner()}).
     * @param sent  true if handed to the transport, false if dropped.
     * @param now   monotonic time.
     */
    public void onFrameLeft(final Object owner, final boolean sent, final long now)
    {
        final Utterance u = (Utterance)owner;
        u.queued--;
        if (sent)
        {
            u.sent++;
        }
        if (u == playlist.peekFirst())
        {
            pump(now);
        }
    }

    /** A frame was taken back out of the outbound queue (pause or cancel). */
    public void onWithdrawn(final OutboundMessage frame)
    {
        final Utterance u = (Utterance)frame.owner();
        u.queued--;
        u.lowestWithdrawn = Math.min(u.lowestWithdrawn, frame.seq());
    }

    /** Stop audio now; see {@link io.ringcast.engine.Stream#pause}. */
    public void pause(final String clientId)
    {
        paused = true;
        cancelTimer();
        final Utterance u = playlist.peekFirst();
        if (u != null)
        {
            u.lowestWithdrawn = Long.MAX_VALUE;
            out.withdrawFrames();
            if (u.lowestWithdrawn != Long.MAX_VALUE)
            {
                u.released = u.lowestWithdrawn; // rewind: the withdrawn frames are released again on resume
            }
        }
        out.notice(Notice.PAUSED, clientId, u == null ? 0 : u.number, u == null ? 0 : u.released, 0);
    }

    /** Continue from the next unsent frame, with a fresh prefill. */
    public void resume(final String clientId, final long now)
    {
        final boolean wasPaused = paused;
        paused = false;
        final Utterance u = playlist.peekFirst();
        out.notice(Notice.RESUMED, clientId, u == null ? 0 : u.number, u == null ? 0 : u.released, 0);
        if (!wasPaused)
        {
            return;
        }
        restartClock(now);
        pump(now);
    }

    /** The stream ended: forget every utterance and the pending timer. */
    public void stop()
    {
        cancelTimer();
        playlist.clear();
    }

    /** @return true while paused. */
    public boolean paused()
    {
        return paused;
    }

    /**
     * @return the cancelled utterance's number, or -1 if none has that id.
     */
    public int cancel(final String clientId, final long now)
    {
        final Utterance u = findById(clientId);
        if (u == null)
        {
            return -1;
        }
        final int number = u.number;
        if (u == playlist.peekFirst())
        {
            cancelTimer();
            out.withdrawFrames();
            if (u.started)
            {
                out.notice(Notice.AUDIO_END, u.clientId, number, u.sent, AudioEndReason.CANCELLED.ordinal());
            }
            out.notice(Notice.CANCELLED, u.clientId, number, u.sent, 0);
            retireHead(now, false);
            pump(now);
        }
        else
        {
            playlist.remove(u);
            out.notice(Notice.CANCELLED, u.clientId, number, 0, 0);
            spare.addLast(u);
        }
        return number;
    }

    /** @return true if the utterance existed and had not started; it is gone without a notice. */
    public boolean abandon(final String clientId)
    {
        final Utterance u = findById(clientId);
        if (u == null || u.started)
        {
            return false;
        }
        playlist.remove(u);
        spare.addLast(u);
        return true;
    }

    /** @return true if an utterance with this id is queued or playing. */
    public boolean has(final String clientId)
    {
        return findById(clientId) != null;
    }

    /** @return utterances queued or playing. */
    public int size()
    {
        return playlist.size();
    }

    private void pump(final long now)
    {
        if (pumping)
        {
            return; // re-entered from a frame leaving the queue during release: the outer loop goes on
        }
        pumping = true;
        try
        {
            while (release(now))
            {
                retireHead(now, true);
            }
        }
        finally
        {
            pumping = false;
        }
    }

    /** @return true when the head utterance is finished and must be retired. */
    private boolean release(final long now)
    {
        final Utterance u = playlist.peekFirst();
        if (u == null || paused || timerId != NO_TIMER)
        {
            return false;
        }
        if (!u.started)
        {
            u.started = true;
            out.notice(Notice.AUDIO_START, u.clientId, u.number, 0, 0);
            restartClock(now);
        }
        while (u.frameReady(frameBytes))
        {
            long deadline = anchor + Math.max(0, sinceAnchor - prefill + 1) * frameNanos;
            if (deadline > now)
            {
                timerId = out.schedule(deadline);
                return false;
            }
            if (now - deadline > frameNanos / 2)
            {
                anchor += now - deadline; // audio arrived late (underrun): pace on from now, not in a burst
                deadline = now;
            }
            final long seq = u.released++;
            if (out.frame(u, seq, u.isLast(seq, frameBytes), u.pcm(), u.frameOffset(seq, frameBytes), u.frameLength(seq, frameBytes), deadline))
            {
                u.queued++;
            }
            sinceAnchor++;
        }
        return u.allReleased(frameBytes) && u.queued == 0;
    }

    private void retireHead(final long now, final boolean announceEnd)
    {
        final Utterance u = playlist.pollFirst();
        if (announceEnd)
        {
            final AudioEndReason reason = u.failed ? AudioEndReason.FAILED : AudioEndReason.DONE;
            out.notice(Notice.AUDIO_END, u.clientId, u.number, u.sent, reason.ordinal());
        }
        spare.addLast(u);
        cancelTimer();
        restartClock(now);
    }

    private void restartClock(final long now)
    {
        anchor = now;
        sinceAnchor = 0;
    }

    private void cancelTimer()
    {
        if (timerId != NO_TIMER)
        {
            out.cancelPacingTimer(timerId);
            timerId = NO_TIMER;
        }
    }

    private Utterance find(final int number)
    {
        final Utterance head = playlist.peekFirst();
        if (head != null && head.number == number)
        {
            return head; // the common case, without an iterator
        }
        for (final Utterance u : playlist)
        {
            if (u.number == number)
            {
                return u;
            }
        }
        return null;
    }

    private Utterance findById(final String clientId)
    {
        for (final Iterator<Utterance> it = playlist.iterator(); it.hasNext(); )
        {
            final Utterance u = it.next();
            if (u.clientId != null && u.clientId.equals(clientId))
            {
                return u;
            }
        }
        return null;
    }
}
