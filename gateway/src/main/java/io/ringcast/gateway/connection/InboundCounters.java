package io.ringcast.gateway.connection;

import io.ringcast.engine.Priority;

/** Gateway-wide inbound counters, shared by every connection's IO thread. */
public interface InboundCounters
{
    /** @param priority ring of a message accepted. */
    void received(Priority priority);

    /** @param code why a message was answered with an error (a docs/protocol.md code, or a close reason). */
    void refused(String code);
}
