package io.ringcast.engine.support;

import io.ringcast.engine.AudioEndReason;
import io.ringcast.engine.Notice;
import io.ringcast.engine.Outbound;
import io.ringcast.engine.OutboundKind;
import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import io.ringcast.engine.SendCompletion;
import io.ringcast.engine.StreamSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real in-memory transport: records a copy of everything sent, and completes sends at once, after a
 * delay (a slow client) or only when released (a stalled client).
 */
public final class RecordingSink implements StreamSink
{
    /** A copy of one sent message and when it arrived. */
    public record Sent(OutboundKind kind, Priority priority, String text, long seq, int utterance, boolean last,
        Notice notice, String clientId, long frames, long nextSeq, AudioEndReason endReason, QueueLevel level,
        long queued, long dropped, int pcmLength, byte firstPcmByte, long sendNanos, long arrivedNanos)
    {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final ArrayDeque<SendCompletion> stalled = new ArrayDeque<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final ScheduledExecutorService delayer;
    private volatile long delayNanos;
    private volatile boolean stall;
    private volatile int closeCode;
    private volatile boolean inboundPaused;
    private volatile int inboundPauses;
    private volatile int inboundResumes;
    private volatile String closeReason;

    /** A sink that completes every send at once. */
    public RecordingSink()
    {
        this(null);
    }

    /**
     * @param delayer thread for delayed completions (one thread keeps them in order), or null.
     */
    public RecordingSink(final ScheduledExecutorService delayer)
    {
        this.delayer = delayer;
    }

    /** @param stall true: sends complete only on {@link #release()}. */
    public void stall(final boolean stall)
    {
        this.stall = stall;
    }

    /** @param millis complete each send this long after it started (needs a delayer). */
    public void delay(final long millis)
    {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Complete every stalled send, in order, and stop stalling. */
    public void release()
    {
        stall = false;
        final List<SendCompletion> pending;
        synchronized (this)
        {
            pending = new ArrayList<>(stalled);
            stalled.clear();
        }
        pending.forEach(SendCompletion::sendComplete);
    }

    @Override
    public boolean send(final Outbound m, final SendCompletion done)
    {
        final byte first = m.kind() == OutboundKind.AUDIO && m.pcmLength() > 0 ? m.pcm()[0] : 0;
        final Sent copy = new Sent(m.kind(), m.priority(), m.text(), m.seq(), m.utterance(), m.lastFrame(), m.notice(),
            m.clientId(), m.frames(), m.nextSeq(), m.endReason(), m.level(), m.queued(), m.dropped(), m.pcmLength(),
            first, m.sendNanos(), System.nanoTime());
        synchronized (this)
        {
            if (closeCode != 0)
            {
                return false;
            }
            sent.add(copy);
            notifyAll();
            if (stall)
            {
                stalled.add(done);
                return true;
            }
        }
        if (delayNanos > 0 && delayer != null)
        {
            delayer.schedule(done::sendComplete, delayNanos, TimeUnit.NANOSECONDS);
        }
        else
        {
            done.sendComplete();
        }
        return true;
    }

    @Override
    public synchronized void close(final int code, final String reason)
    {
        closeCode = code;
        closeReason = reason;
        closedLatch.countDown();
        notifyAll();
    }

    @Override
    public void pauseInbound()
    {
        inboundPaused = true;
        inboundPauses++;
    }

    @Override
    public void resumeInbound()
    {
        inboundPaused = false;
        inboundResumes++;
    }

    /** @return whether the engine has asked to stop reading the peer now. */
    public boolean inboundPaused()
    {
        return inboundPaused;
    }

    /** @return pauseInbound calls so far. */
    public int inboundPauses()
    {
        return inboundPauses;
    }

    /** @return resumeInbound calls so far. */
    public int inboundResumes()
    {
        return inboundResumes;
    }

    /** @return a copy of what was sent so far. */
    public synchronized List<Sent> sent()
    {
        return new ArrayList<>(sent);
    }

    /** @return the close code, or 0 while open. */
    public int closeCode()
    {
        return closeCode;
    }

    /** @return the close reason, or null. */
    public String closeReason()
    {
        return closeReason;
    }

    /** @return true if closed within the timeout. */
    public boolean awaitClose(final long millis) throws InterruptedException
    {
        return closedLatch.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Wait until at least {@code n} sent messages match.
     *
     * @return the matching messages (fewer than n if the timeout passed).
     */
    public synchronized List<Sent> await(final Predicate<Sent> filter, final int n, final long millis)
        throws InterruptedException
    {
        final long end = System.currentTimeMillis() + millis;
        while (true)
        {
            final List<Sent> matching = sent.stream().filter(filter).toList();
            final long left = end - System.currentTimeMillis();
            if (matching.size() >= n || left <= 0)
            {
                return matching;
            }
            wait(left);
        }
    }

    /** @return messages of that kind sent so far. */
    public List<Sent> ofKind(final OutboundKind kind)
    {
        return sent().stream().filter(s -> s.kind() == kind).toList();
    }
}
