package io.ringcast.engine.pacing;

import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.Priority;
import io.ringcast.engine.queue.OutboundMessage;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A stream's utterances and its real-time pacing clock. Utterances play one after another; frames of the
 * playing one are released {@code prefill} at once and then one per {@code frame_ms} on the monotonic
 * clock (deadlines from an anchor, so error never accumulates). Group thread only.
 * <p>
 * Two kinds of lateness are kept apart, because a listener hears them differently. A frame that is late
 * because this thread woke late is sent at once and the utterance stays on its grid: the client's jitter
 * buffer drained a little and the next frames refill it. Only a true underrun, the frame's audio arriving
 * after the frame was due, moves the grid (by how late the audio was); each one is reported through
 * {@link FrameOutput#underrun}. An utterance starts (AUDIO_START, its grid's origin) when its first frame
 * can be released, so waiting for the first audio is first-audio latency, not an underrun. Every frame
 * carries its slot on the grid the utterance started with, so lateness is measured against that grid.
 * <p>
 * With a pacing tick, the paced frames' grid (not the prefill's) starts on the first tick at or after the
 * utterance's start (and after each move). Every stream's deadlines then fall on the same instants, so the group
 * thread wakes once per tick for all of them rather than once per stream and frame. The grid is shifted by less than
 * a tick, once, never stretched: every paced frame keeps its distance of {@code frame_ms} from the last, and the
 * client's prefilled buffer is at most one tick shorter.
 * <p>
 * Ordering guarantees (docs/protocol.md): AUDIO_START is queued before the first frame; AUDIO_END only once the
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
    private final long tickNanos;
    private final int prefill;
    private final int maxUtterances;
    private final long maxUtteranceBytes;
    private int nextNumber = 1;
    private boolean paused;
    private long timerId = NO_TIMER;
    /** Start (or resume) of the playing utterance: the origin of the grid lateness is measured against. */
    private long gridOrigin;
    /** Origin of the pacing deadlines: {@link #gridOrigin} moved by every underrun since. */
    private long anchor;
    /** {@link #gridOrigin} and {@link #anchor} on the next pacing tick: the origins of the paced frames (slot > 0). */
    private long pacedGridOrigin;
    private long pacedAnchor;
    private long sinceAnchor;
    /** The last release stopped because the head's next frame had not arrived. */
    private boolean starved;
    /** When the head utterance's latest audio arrived (published towards this thread). */
    private long arrivedNanos;
    private boolean pumping;

    /**
     * @param out               where frames and notices go.
     * @param frameBytes        bytes per full frame.
     * @param frameMs           frame length.
     * @param tickMs            the tick paced frames start on (divides {@code frameMs}), 0 for none.
     * @param prefill           frames released at once before pacing.
     * @param maxUtterances     utterances queued or playing at most.
     * @param maxUtteranceBytes audio one utterance may buffer.
     */
    public AudioPlayer(final FrameOutput out, final int frameBytes, final int frameMs, final int tickMs,
        final int prefill, final int maxUtterances, final long maxUtteranceBytes)
    {
        if (tickMs < 0 || tickMs > frameMs || tickMs != 0 && frameMs % tickMs != 0)
        {
            throw new IllegalArgumentException("tick " + tickMs + " ms must divide the frame's " + frameMs + " ms");
        }
        this.out = out;
        this.frameBytes = frameBytes;
        this.frameNanos = frameMs * 1_000_000L;
        this.tickNanos = tickMs * 1_000_000L;
        this.prefill = prefill;
        this.maxUtterances = maxUtterances;
        this.maxUtteranceBytes = maxUtteranceBytes;
    }

    /**
     * @param now monotonic time: the start of the utterance's first-audio latency.
     * @return the new utterance's number, or -1 if too many are queued.
     */
    public int speak(final String clientId, final Priority priority, final long now)
    {
        if (playlist.size() >= maxUtterances)
        {
            return -1;
        }
        final Utterance u = spare.isEmpty() ? new Utterance() : spare.pollFirst();
        final int number = nextNumber;
        nextNumber = nextNumber == Integer.MAX_VALUE ? 1 : nextNumber + 1;
        u.reset(number, clientId, priority, now);
        playlist.addLast(u);
        return number;
    }

    /**
     * Audio for an utterance arrived.
     *
     * @param number utterance number.
     * @param last    no more audio follows.
     * @param failed  synthesis failed; no more audio follows.
     * @param arrived when the audio arrived (was published towards this thread), monotonic.
     * @param now     monotonic time.
     */
    public void onAudio(final int number, final byte[] pcm, final int offset, final int length,
        final boolean last, final boolean failed, final long arrived, final long now)
    {
        final Utterance u = find(number);
        if (u != null && !u.complete) // else cancelled, or already ended: late chunks are dropped
        {
            accept(u, length == 0 || u.append(pcm, offset, length, maxUtteranceBytes), last, failed, arrived, now);
        }
    }

    /**
     * As {@link #onAudio(int, byte[], int, int, boolean, boolean, long, long)}, from a buffer (read at absolute
     * positions).
     */
    public void onAudio(final int number, final ByteBuffer pcm, final int offset, final int length,
        final boolean last, final boolean failed, final long arrived, final long now)
    {
        final Utterance u = find(number);
        if (u != null && !u.complete)
        {
            accept(u, length == 0 || u.append(pcm, offset, length, maxUtteranceBytes), last, failed, arrived, now);
        }
    }

    private void accept(final Utterance u, final boolean appended, final boolean last, final boolean failed,
        final long arrived,
        final long now)
    {
        if (!appended)
        {
            u.failed = true;
            u.complete = true;
        }
        u.complete |= last | failed;
        u.failed |= failed;
        if (u == playlist.peekFirst())
        {
            arrivedNanos = arrived;
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
        out.paused(clientId, u == null ? 0 : u.number, u == null ? 0 : u.released);
    }

    /** Continue from the next unsent frame, with a fresh prefill. */
    public void resume(final String clientId, final long now)
    {
        final boolean wasPaused = paused;
        paused = false;
        final Utterance u = playlist.peekFirst();
        out.resumed(clientId, u == null ? 0 : u.number, u == null ? 0 : u.released);
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
                out.audioEnd(u.clientId, number, u.sent, AudioEndReason.CANCELLED);
            }
            out.cancelled(u.clientId, number, u.sent);
            retireHead(now, false);
            pump(now);
        }
        else
        {
            playlist.remove(u);
            out.cancelled(u.clientId, number, 0);
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
            if (!u.frameReady(frameBytes))
            {
                return u.complete; // no audio yet (keep waiting), or none will come (end it without a start)
            }
            u.started = true;
            out.audioStart(u.clientId, u.number);
            restartClock(now);
        }
        while (u.frameReady(frameBytes))
        {
            final long slot = Math.max(0, sinceAnchor - prefill + 1) * frameNanos;
            long deadline = (slot == 0 ? anchor : pacedAnchor) + slot;
            if (starved)
            {
                starved = false;
                final long moved = arrivedNanos - deadline;
                if (moved > 0)
                {
                    // A true underrun: the audio was not there when the frame was due. Pace on from its arrival.
                    anchor += moved;
                    pacedAnchor = onTick(anchor);
                    deadline = (slot == 0 ? anchor : pacedAnchor) + slot;
                    out.underrun(u, moved);
                }
            }
            if (deadline > now)
            {
                timerId = out.schedule(deadline);
                return false;
            }
            // Due, or late because this thread woke late: send now and keep the grid (the next frames catch up).
            final long seq = u.released++;
            if (seq == u.consumed)
            {
                u.consumed++;
                out.consumed(u, u.frameLength(seq, frameBytes));
            }
            if (out.frame(u, seq, u.isLast(seq, frameBytes), u.pcm(), u.frameOffset(seq, frameBytes),
                u.frameLength(seq, frameBytes), (slot == 0 ? gridOrigin : pacedGridOrigin) + slot,
                sinceAnchor >= prefill))
            {
                u.queued++;
            }
            sinceAnchor++;
        }
        if (!u.allReleased(frameBytes))
        {
            starved = true;
            return false;
        }
        return u.queued == 0;
    }

    private void retireHead(final long now, final boolean announceEnd)
    {
        final Utterance u = playlist.pollFirst();
        if (announceEnd)
        {
            final AudioEndReason reason = u.failed ? AudioEndReason.FAILED : AudioEndReason.DONE;
            out.audioEnd(u.clientId, u.number, u.sent, reason);
        }
        spare.addLast(u);
        cancelTimer();
        restartClock(now);
    }

    /** @return the first pacing tick at or after {@code time} ({@code time} itself without ticks). */
    private long onTick(final long time)
    {
        return tickNanos == 0 ? time : Math.floorDiv(time + tickNanos - 1, tickNanos) * tickNanos;
    }

    private void restartClock(final long now)
    {
        gridOrigin = now;
        anchor = now;
        pacedGridOrigin = onTick(now);
        pacedAnchor = pacedGridOrigin;
        sinceAnchor = 0;
        starved = false;
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
        for (final Iterator<Utterance> it = playlist.iterator(); it.hasNext();)
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
