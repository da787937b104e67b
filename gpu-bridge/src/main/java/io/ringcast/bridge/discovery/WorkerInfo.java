package io.ringcast.bridge.discovery;

import io.ringcast.bridge.kind.RequestKind;
import io.ringcast.bridge.worker.WorkerServer;

import java.util.EnumSet;
import java.util.Set;

/**
 * A worker as discovery knows it.
 *
 * @param address {@code host:port} of its gRPC server, or {@code inprocess:host:port} for a
 *                worker in this JVM reached through gRPC's in-process transport
 * @param kinds   the request kinds it serves
 */
public record WorkerInfo(String address, Set<RequestKind> kinds)
{

    /** Prefix of the address of a worker in this JVM (see {@link WorkerServer#inProcessAddress()}). */
    public static final String IN_PROCESS_PREFIX = WorkerServer.IN_PROCESS_PREFIX;

    /** Copies {@code kinds}; a worker must serve at least one kind. */
    public WorkerInfo
    {
        if (address == null || address.lastIndexOf(':') <= 0)
        {
            throw new IllegalArgumentException("worker address must be host:port, got " + address);
        }
        kinds = Set.copyOf(kinds.isEmpty() ? EnumSet.allOf(RequestKind.class) : kinds);
    }

    /** A worker that serves every kind. */
    public static WorkerInfo of(final String address)
    {
        return new WorkerInfo(address, EnumSet.allOf(RequestKind.class));
    }

    /** The host part of the address. */
    public String host()
    {
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** The port part of the address. */
    public int port()
    {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
