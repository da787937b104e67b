package io.ringcast.gateway.connection;

import io.undertow.websockets.core.WebSocketChannel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a connection is read. Reading stops, so TCP pushes back on the client, while either its messages
 * published into the engine and not yet handled pile up ({@link #BACKLOG_HIGH}, resumed at
 * {@link #BACKLOG_LOW}), or the engine says its queued replies pile up ({@link #pauseForReplies}). A flooding
 * client is slowed down this way instead of filling the group's rings (every session's {@code overloaded}) or
 * overflowing its own CONTROL lane (1008). Counting is lock-free; the lock is taken only to change the state.
 * Undertow is told under that lock from whichever thread changed it, so the last state wins and takes effect
 * before the next frame; the lock order is always this gate, then Undertow's channel (Undertow never calls
 * into the gate while holding its channel).
 */
final class InboundGate
{
    /** Published, unhandled messages of one connection at which reading stops. */
    static final int BACKLOG_HIGH = 64;
    /** ... and at or below which it starts again. */
    static final int BACKLOG_LOW = 16;

    private final WebSocketChannel channel;
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile boolean backlogPaused;
    private boolean repliesPaused; // guarded by this
    private boolean suspended; // guarded by this

    InboundGate(final WebSocketChannel channel)
    {
        this.channel = channel;
    }

    /** IO thread: a message is about to be published into the engine for this connection. */
    void published()
    {
        if (backlog.incrementAndGet() == BACKLOG_HIGH)
        {
            synchronized (this)
            {
                backlogPaused = true;
            }
            apply();
            // The group thread may have handled the backlog down meanwhile without seeing the flag: look again.
            resumeIfDrained();
        }
    }

    /** Group thread (or the IO thread, for a publish the engine refused): one published message is done with. */
    void handled()
    {
        if (backlog.decrementAndGet() <= BACKLOG_LOW && backlogPaused)
        {
            resumeIfDrained();
        }
    }

    private void resumeIfDrained()
    {
        synchronized (this)
        {
            if (!backlogPaused || backlog.get() > BACKLOG_LOW)
            {
                return;
            }
            backlogPaused = false;
        }
        apply();
    }

    /** Group thread: stop (true) or restart (false) reading because the replies queued for the client pile up. */
    void pauseForReplies(final boolean pause)
    {
        synchronized (this)
        {
            repliesPaused = pause;
        }
        apply();
    }

    /** Makes Undertow's reading match the state, at once (its next frame is not delivered). */
    private synchronized void apply()
    {
        final boolean suspend = backlogPaused || repliesPaused;
        if (suspend != suspended)
        {
            suspended = suspend;
            if (suspend)
            {
                channel.suspendReceives();
            }
            else
            {
                channel.resumeReceives();
            }
        }
    }
}
