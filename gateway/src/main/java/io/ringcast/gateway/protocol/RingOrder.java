package io.ringcast.gateway.protocol;

/**
 * Keeps a message that rides a faster ring behind the messages its connection sent before it on a slower one: the
 * one place where ringcast orders a {@code cancel} after its {@code speak} and a {@code fuse_close} after its
 * {@code fuse_data}.
 *
 * <p>Why: a {@code cancel} and a {@code fuse_close} ride CONTROL so that barge-in acts at once, while a
 * {@code speak} rides IMPORTANT and {@code fuse_data} IMPORTANT or BULK; the group thread drains CONTROL first, so
 * the later message can reach it first. The IO thread counts what it {@link #routed} on the slower ring and stamps
 * the faster message with that count ({@link #stamp()}, carried in the message: {@link ClientMessage.Cancel#after},
 * {@link ClientMessage.FuseClose#after}); the group thread counts what it {@link #handled} and lets the stamped
 * message act once {@link #reached} says every earlier one has arrived, holding it until then.
 *
 * <p>Threads: each counter has one writer and one reader, its own thread (routed: the connection's IO thread;
 * handled: its stream's group thread). The stamp crosses inside the message, so no thread reads the other's
 * counter and nothing here is volatile.
 */
public final class RingOrder
{
    private long routed;
    private long handled;

    /** IO thread: one more message went onto the slower ring. */
    public void routed()
    {
        routed++;
    }

    /** IO thread: the last message counted by {@link #routed()} never reached its ring, so nothing may wait for it. */
    public void unrouted()
    {
        routed--;
    }

    /** IO thread: @return the stamp for a message that must act after everything routed so far. */
    public long stamp()
    {
        return routed;
    }

    /** Group thread: one message from the slower ring was handled. */
    public void handled()
    {
        handled++;
    }

    /**
     * Group thread.
     *
     * @param stamp a message's {@link #stamp()}.
     * @return whether every message routed before that stamp has been handled.
     */
    public boolean reached(final long stamp)
    {
        return handled >= stamp;
    }
}
