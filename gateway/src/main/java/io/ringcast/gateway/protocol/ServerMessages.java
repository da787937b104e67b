package io.ringcast.gateway.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ringcast.engine.Outbound;

/**
 * Encodes server-to-client text messages of protocol v1. Strings that come from clients are escaped;
 * everything else is built directly, without an object tree. Thread-safe.
 */
public final class ServerMessages
{
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    private static final String[] REASONS = {"done", "cancelled", "failed"};
    private static final String[] LEVELS = {"normal", "high", "critical"};

    private final int sampleRate;
    private final int frameMs;
    private final int prefillFrames;

    /**
     * @param sampleRate    announced in {@code ready} and {@code audio_start}.
     * @param frameMs       announced in {@code ready} and {@code audio_start}.
     * @param prefillFrames announced in {@code ready} (an added field: frames sent at once before pacing).
     */
    public ServerMessages(final int sampleRate, final int frameMs, final int prefillFrames)
    {
        this.sampleRate = sampleRate;
        this.frameMs = frameMs;
        this.prefillFrames = prefillFrames;
    }

    /** @return the {@code ready} message. */
    public String ready(final String session, final int maxMessageBytes)
    {
        return "{\"type\":\"ready\",\"session\":" + quote(session) + ",\"protocol\":1,\"sample_rate\":" + sampleRate +
            ",\"format\":\"pcm_s16le\",\"frame_ms\":" + frameMs + ",\"max_message_bytes\":" + maxMessageBytes +
            ",\"prefill_frames\":" + prefillFrames + "}";
    }

    /** @return a {@code pong} echoing {@code t} exactly. */
    public String pong(final String t, final long serverNanos)
    {
        return "{\"type\":\"pong\",\"t\":" + t + ",\"server_ns\":" + serverNanos + "}";
    }

    /**
     * @param code    a docs/protocol.md error code.
     * @param message for people.
     * @param ref     the request id, or null.
     * @return an {@code error} message.
     */
    public String error(final String code, final String message, final String ref)
    {
        final StringBuilder b =
            new StringBuilder(64 + message.length()).append("{\"type\":\"error\",\"code\":").append(quote(code))
                .append(",\"message\":").append(quote(message));
        if (ref != null)
        {
            b.append(",\"ref\":").append(quote(ref));
        }
        return b.append('}').toString();
    }

    /**
     * The part of a topic {@code message} every subscriber shares; {@link #topicMessage} adds the seq.
     *
     * @return {@code "topic":...,"from":...,"data":...}} (note: the closing brace included).
     */
    public String topicTail(final String topic, final String from, final String dataJson)
    {
        return "\"topic\":" + quote(topic) + ",\"from\":" + quote(from) + ",\"data\":" + dataJson + "}";
    }

    /** @return a complete {@code message} from a shared tail and this subscriber's seq. */
    public String topicMessage(final String tail, final long seq)
    {
        return "{\"type\":\"message\",\"seq\":" + seq + "," + tail;
    }

    /**
     * @param n an engine notice.
     * @return its protocol message.
     */
    public String notice(final Outbound n)
    {
        final String id = n.clientId();
        switch (n.notice())
        {
            case AUDIO_START:
                return "{\"type\":\"audio_start\",\"id\":" + quote(id) + ",\"utterance\":" + unsigned(n.utterance()) +
                    ",\"sample_rate\":" + sampleRate + ",\"frame_ms\":" + frameMs + "}";
            case AUDIO_END:
                return "{\"type\":\"audio_end\",\"id\":" + quote(id) + ",\"utterance\":" + unsigned(n.utterance()) +
                    ",\"frames\":" + n.frames() + ",\"reason\":\"" + REASONS[n.endReason().ordinal()] + "\"}";
            case PAUSED:
                return ack("paused", id, "next_seq", n.nextSeq());
            case RESUMED:
                return ack("resumed", id, "next_seq", n.nextSeq());
            case CANCELLED:
                return ack("cancelled", id, "frames_sent", n.frames());
            case BACKPRESSURE:
                return "{\"type\":\"backpressure\",\"level\":\"" + LEVELS[n.level().ordinal()] +
                    "\",\"queued\":" + n.queued() + ",\"dropped\":" + n.dropped() + "}";
            default:
                throw new IllegalArgumentException("unknown notice " + n.notice());
        }
    }

    /** @return a {@code cancelled} for an utterance that never started. */
    public String cancelled(final String id, final long framesSent)
    {
        return ack("cancelled", id, "frames_sent", framesSent);
    }

    private static String ack(final String type, final String id, final String field, final long value)
    {
        return "{\"type\":\"" + type + "\"" + (id == null ? "" : ",\"id\":" + quote(id)) + ",\"" + field + "\":" +
            value + "}";
    }

    private static long unsigned(final int utterance)
    {
        return utterance & 0xFFFF_FFFFL;
    }

    /** @return s as a JSON string literal, escaped. */
    public static String quote(final String s)
    {
        return s == null ? "null" : "\"" + new String(ESCAPE.quoteAsString(s)) + "\"";
    }
}
