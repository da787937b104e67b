package io.ringcast.engine;

/**
 * Completion of one asynchronous send, reported by the transport from any thread. One instance serves
 * every send of a stream (sends complete in the order they were started), so reporting allocates nothing.
 */
public interface SendCompletion
{
    /**
     * Optional: the oldest send of this stream not yet being written is being written now (called in send order,
     * from one thread at a time). A transport that hands sends to another thread reports this there, so the
     * slow-consumer rules time a send from here: the wait for the transport's own thread is the server's delay, not
     * the peer's. Without it, a send is timed from when the engine handed it over.
     */
    void writeStarted();

    /** The oldest outstanding send of this stream was written. */
    void sendComplete();

    /**
     * The oldest outstanding send of this stream failed; the engine closes the stream.
     *
     * @param cause what the transport reported.
     */
    void sendFailed(Throwable cause);
}
