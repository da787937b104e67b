package io.ringcast.gateway.fusion;

import io.ringcast.gateway.protocol.ServerMessages;

import java.util.Locale;

/** The fusion messages of protocol v1 the server sends. */
public final class FusionMessages
{
    private FusionMessages()
    {
    }

    /** @return {@code fuse_opened}. */
    public static String opened(final String id)
    {
        return "{\"type\":\"fuse_opened\",\"id\":" + ServerMessages.quote(id) + "}";
    }

    /** @return {@code fuse_closed}. */
    public static String closed(final String id)
    {
        return "{\"type\":\"fuse_closed\",\"id\":" + ServerMessages.quote(id) + "}";
    }

    static String result(final String id, final FusionWindow w, final String[] names, final double latencyMs)
    {
        final StringBuilder b =
            new StringBuilder(256).append("{\"type\":\"fuse_result\",\"id\":").append(ServerMessages.quote(id))
                .append(",\"window\":").append(w.number).append(",\"outputs\":")
                .append(w.outputs == null || w.outputs.isEmpty() ? "null" : w.outputs)
                .append(",\"inputs\":{");
        for (int s = 0; s < names.length; s++)
        {
            b.append(s > 0 ? "," : "").append(ServerMessages.quote(names[s])).append(':').append(w.inputs[s]);
        }
        return b.append("},\"conflated\":").append(w.conflated).append(",\"latency_ms\":")
            .append(String.format(Locale.ROOT, "%.3f", latencyMs)).append('}').toString();
    }
}
