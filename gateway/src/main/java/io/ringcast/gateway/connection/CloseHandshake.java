package io.ringcast.gateway.connection;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one close frame a connection sends, whichever thread asks first: the group thread (eviction, drain,
 * token expiry), or the IO thread (echoing a client's close, failing a bad frame). Two racing
 * {@code WebSockets.sendClose} calls used to end with the loser's "channel closed" error tearing the TCP
 * connection down before the winner's close frame left, so the client saw 1006. Here the loser does nothing,
 * and the socket is always closed within a bounded time: as soon as both close frames have crossed, or after
 * a grace period for a peer that never answers or never reads.
 */
final class CloseHandshake
{
    /** How long a peer may take to answer our close frame (or to take it off its socket). */
    static final long GRACE_MS = 1_000;

    private static final WebSocketCallback<CloseHandshake> SENT = new WebSocketCallback<>()
    {
        @Override
        public void complete(final WebSocketChannel channel, final CloseHandshake close)
        {
            if (close.dropAfterSend || channel.isCloseFrameReceived())
            {
                IoUtils.safeClose(channel); // handshake complete, or the connection failed: the TCP connection goes now
            }
        }

        @Override
        public void onError(final WebSocketChannel channel, final CloseHandshake close, final Throwable cause)
        {
            IoUtils.safeClose(channel);
        }
    };

    private final WebSocketChannel channel;
    private final AtomicBoolean sent = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final List<Runnable> whenClosed = new CopyOnWriteArrayList<>();
    private volatile boolean dropAfterSend;

    CloseHandshake(final WebSocketChannel channel)
    {
        this.channel = channel;
        channel.addCloseTask(ch -> release());
    }

    /**
     * Runs {@code task} once when the connection is closed: from Undertow's close tasks, or, if Undertow has
     * not run them (it defers them while unread bytes are left, and never ran them while a frame listener
     * spun; found by the frame fuzzer), from {@link #dropLater()}'s own check {@link #GRACE_MS} after it
     * closed the socket. Slots, budgets and the engine stream are freed here, exactly once.
     */
    void whenClosed(final Runnable task)
    {
        whenClosed.add(task);
    }

    private void release()
    {
        if (released.compareAndSet(false, true))
        {
            whenClosed.forEach(Runnable::run);
        }
    }

    /**
     * Starts (or answers) the closing handshake; any thread. A peer's close is answered at once by the IO
     * thread, so a later close from the group thread finds the frame sent and does nothing.
     *
     * @return false if a close frame was already sent (by this or by Undertow).
     */
    boolean close(final int code, final String reason)
    {
        return send(code, reason, false);
    }

    /**
     * Fails the connection (RFC 6455 7.1.7): sends the close frame if none went yet, and closes the TCP
     * connection once it is written, without waiting for the peer's answer; within {@link #GRACE_MS} at most.
     */
    void fail(final int code, final String reason)
    {
        if (!send(code, reason, true))
        {
            dropLater(); // Undertow sent its own close for a corrupt frame: still close the socket.
        }
    }

    /**
     * The client's side of the TCP connection ended (its FIN): nothing more can arrive. Undertow answers the end
     * of the stream with its own close frame, then closes, unless a close frame had begun to arrive: one cut short
     * by the FIN got no answer, and the socket was held for {@link #GRACE_MS} (found by timing the frame fuzzer:
     * three quarters of its time went there). Such a connection is now failed with 1002, so the socket goes as
     * soon as that frame is written; in every other case within {@link #GRACE_MS}, as before.
     */
    void inputEnded()
    {
        fail(1002, "the connection ended inside a frame");
    }

    /** Closes the TCP connection after {@link #GRACE_MS}, whatever the peer does; idempotent. */
    void dropLater()
    {
        if (!released.get())
        {
            channel.getIoThread().executeAfter(this::drop, GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void drop()
    {
        IoUtils.safeClose(channel);
        channel.getIoThread().executeAfter(this::release, GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** @return true once a close frame was sent or queued on this connection. */
    boolean sent()
    {
        return sent.get() || channel.isCloseFrameSent();
    }

    private boolean send(final int code, final String reason, final boolean fail)
    {
        if (!channel.isOpen())
        {
            return false;
        }
        if (!sent.compareAndSet(false, true) || channel.isCloseFrameSent())
        {
            return false;
        }
        dropAfterSend = fail;
        WebSockets.sendClose(new CloseMessage(code, truncate(reason)), channel, SENT, this);
        dropLater();
        return true;
    }

    private static String truncate(final String reason)
    {
        // A close frame's reason must fit in 123 bytes of UTF-8.
        if (reason == null)
        {
            return "";
        }
        String r = reason.length() > 120 ? reason.substring(0, 120) : reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > 123)
        {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
