package io.ringcast.gateway.protocol;

import io.ringcast.engine.Priority;

import java.util.List;

/** A validated client-to-server message of protocol v1 (PROTOCOL.md, "Client to server"). */
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

    /** @param id the utterance to drop. */
    record Cancel(String id) implements ClientMessage
    {
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
}
