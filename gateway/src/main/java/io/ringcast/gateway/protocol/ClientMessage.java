package io.ringcast.gateway.protocol;

import io.ringcast.engine.Priority;

import java.util.List;

/** A validated client-to-server message of protocol v1 (docs/protocol.md, "Client to server"). */
public sealed interface ClientMessage
{
    /** @return the engine ring it travels on. */
    Priority ring();

    /**
     * @param id       client id, unique per session.
     * @param text     1..4096 characters.
     * @param voice    optional voice name, or null.
     * @param priority lane of its audio: CRITICAL or IMPORTANT.
     */
    record Speak(String id, String text, String voice, Priority priority) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.IMPORTANT;
        }
    }

    /** @param id optional id, echoed in {@code paused}. */
    record Pause(String id) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /** @param id optional id, echoed in {@code resumed}. */
    record Resume(String id) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /**
     * @param id           the utterance to drop.
     * @param speaksBefore the {@link RingOrder#stamp()} of the speaks the connection routed before this cancel (set
     *                     by the connection; 0 until then): it may overtake its own speak, which it then waits for.
     */
    record Cancel(String id, long speaksBefore) implements ClientMessage
    {
        /** @return this cancel, knowing how many speaks precede it. */
        public Cancel after(final long speaks)
        {
            return new Cancel(id, speaks);
        }

        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /** @param t the client's number, kept as JSON text to echo it exactly. */
    record Ping(String t) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /** @param topics valid topic names. */
    record Subscribe(List<String> topics) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /** @param topics valid topic names. */
    record Unsubscribe(List<String> topics) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /**
     * @param topic    a valid topic name.
     * @param data     the {@code data} value as JSON text.
     * @param priority CRITICAL, IMPORTANT or BULK.
     */
    record Publish(String topic, String data, Priority priority) implements ClientMessage
    {
        @Override
        public Priority ring()
        {
            return priority;
        }
    }

    /**
     * One input stream of a fusion session.
     *
     * @param name   stream name, unique in its session.
     * @param kind   visual, text, audio-meta or other.
     * @param latest true for policy {@code latest} (newest item per window), false for {@code all}.
     */
    record FuseStream(String name, String kind, boolean latest)
    {
    }

    /**
     * @param id        fusion session id, unique per connection while open.
     * @param model     the provider's model name.
     * @param windowMs  window length, 10..10000.
     * @param streams   declared input streams.
     * @param publishTo topic that also receives the results, or null.
     * @param items     keeps the close behind this session's items ({@link RingOrder}; set by the connection, null
     *                  until then).
     */
    record FuseOpen(String id, String model, int windowMs, List<FuseStream> streams, String publishTo, RingOrder items)
        implements
            ClientMessage
    {
        /** @return this open, carrying the order its items and close keep. */
        public FuseOpen ordered(final RingOrder order)
        {
            return new FuseOpen(id, model, windowMs, streams, publishTo, order);
        }

        /** @return true if every stream keeps only its newest item per window. */
        public boolean latestOnly()
        {
            return streams.stream().allMatch(FuseStream::latest);
        }

        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }

    /**
     * @param id     fusion session id.
     * @param stream a stream declared at open.
     * @param data   the item as JSON text.
     * @param ring   BULK for a {@code latest} stream, IMPORTANT for an {@code all} stream (set by the
     *               connection, which knows what was declared; IMPORTANT until then).
     */
    record FuseData(String id, String stream, String data, Priority ring) implements ClientMessage
    {
        /** @return this item travelling on another ring. */
        public FuseData on(final Priority priority)
        {
            return new FuseData(id, stream, data, priority);
        }
    }

    /**
     * @param id    fusion session to flush and close.
     * @param items the {@link RingOrder#stamp()} of the fuse_data items the connection routed for it before this
     *              close, which it waits for (set by the connection; 0 until then).
     */
    record FuseClose(String id, long items) implements ClientMessage
    {
        /** @return this close, knowing how many items precede it. */
        public FuseClose after(final long routed)
        {
            return new FuseClose(id, routed);
        }

        @Override
        public Priority ring()
        {
            return Priority.CONTROL;
        }
    }
}
