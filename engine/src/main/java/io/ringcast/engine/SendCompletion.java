package io.ringcast.engine;

/**
 * Completion of one asynchronous send, reported by the transport from any thread. One instance serves
 * every send of a stream (sends complete in the order they were started), so reporting allocates nothing.
 */
public interface SendCompletion
{
    /** The oldest outstanding send of this stream was written. */
    void sendComplete();

    /**
     * The oldest outstanding send of this stream failed; the engine closes the stream.
     *
     * @param cause what the transport reported.
     */
    void sendFailed(Throwable cause);
}
