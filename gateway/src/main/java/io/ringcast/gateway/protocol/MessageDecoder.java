package io.ringcast.gateway.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ringcast.engine.Priority;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses and validates one client text frame against protocol v1. Never throws for bad input: every
 * problem becomes a {@link Decoded} error with the code docs/protocol.md gives (and {@code ref} = the
 * request's id when it has one). Unknown extra fields are ignored, so clients may be newer than us.
 * Strict JSON: trailing content after the object, duplicate keys, numbers beyond a double's range and
 * strings with unpaired surrogates (not representable in UTF-8) are refused. Thread-safe.
 */
public final class MessageDecoder
{
    /** Longest {@code speak} text, in characters. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Longest client id we accept. */
    public static final int MAX_ID_CHARS = 128;
    /** Most input streams one fusion session may declare. */
    public static final int MAX_FUSION_STREAMS = 16;
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9._-]{1,64}");
    /** Voices and fusion models: names a worker looks up, never paths. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private final int maxPublishBytes;

    /** @param maxPublishBytes largest {@code data} of a publish, as JSON text bytes. */
    public MessageDecoder(final int maxPublishBytes)
    {
        this.maxPublishBytes = maxPublishBytes;
    }

    /**
     * @param text one text frame.
     * @return the message or the error to answer with.
     */
    public Decoded decode(final String text)
    {
        final JsonNode root;
        try
        {
            root = mapper.readTree(text);
        }
        catch (final JsonProcessingException e)
        {
            // Our words, not the parser's: its messages quote the input and name its internals.
            final JsonLocation at = e.getLocation();
            return Decoded.error("bad_request",
                at == null
                    ? "malformed JSON"
                    : "malformed JSON at column " + at.getColumnNr() + (isDuplicate(e) ? ": duplicate key" : ""),
                null);
        }
        if (root == null || !root.isObject())
        {
            return Decoded.error("bad_request", "a message must be a JSON object", null);
        }
        final String unrepresentable = StrictJson.problem(root);
        if (unrepresentable != null)
        {
            return Decoded.error("bad_request", unrepresentable, null);
        }
        final JsonNode idNode = root.get("id");
        final String ref = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        final JsonNode type = root.get("type");
        if (type == null || !type.isTextual())
        {
            return Decoded.error("bad_request", "missing string field 'type'", ref);
        }
        try
        {
            return Decoded.ok(decode(type.textValue(), root));
        }
        catch (final Invalid e)
        {
            return Decoded.error(e.code, e.getMessage(), ref);
        }
    }

    private ClientMessage decode(final String type, final JsonNode m)
    {
        switch (type)
        {
            case "speak":
            {
                final String text = requiredString(m, "text");
                if (text.isEmpty())
                {
                    throw new Invalid("bad_request", "'text' must not be empty");
                }
                if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS)
                {
                    throw new Invalid("too_large", "'text' is longer than " + MAX_TEXT_CHARS + " characters");
                }
                final String voice = optionalString(m, "voice");
                if (voice != null && !NAME.matcher(voice).matches())
                {
                    throw new Invalid("bad_request", "'voice' must match [A-Za-z0-9._-]{1,64}");
                }
                return new ClientMessage.Speak(id(m, true), text, voice,
                    priority(m, Priority.IMPORTANT, "critical", "important"));
            }
            case "pause":
                return new ClientMessage.Pause(id(m, false));
            case "resume":
                return new ClientMessage.Resume(id(m, false));
            case "cancel":
                return new ClientMessage.Cancel(id(m, true), 0);
            case "ping":
            {
                final JsonNode t = m.get("t");
                if (t == null || !t.isNumber())
                {
                    throw new Invalid("bad_request", "'t' must be a number");
                }
                return new ClientMessage.Ping(t.toString());
            }
            case "subscribe":
                return new ClientMessage.Subscribe(topics(m));
            case "unsubscribe":
                return new ClientMessage.Unsubscribe(topics(m));
            case "publish":
            {
                final String topic = requiredString(m, "topic");
                checkTopic(topic);
                final JsonNode data = m.get("data");
                if (data == null)
                {
                    throw new Invalid("bad_request", "missing field 'data'");
                }
                final String json = data.toString();
                if (Utf8.length(json) > maxPublishBytes)
                {
                    throw new Invalid("too_large", "'data' is larger than " + maxPublishBytes + " bytes");
                }
                return new ClientMessage.Publish(topic, json,
                    priority(m, Priority.BULK, "critical", "important", "bulk"));
            }
            case "fuse_open":
                return fuseOpen(m);
            case "fuse_data":
            {
                final JsonNode data = m.get("data");
                if (data == null)
                {
                    throw new Invalid("bad_request", "missing field 'data'");
                }
                final JsonNode ts = m.get("ts");
                if (ts != null && !ts.isNumber() && !ts.isNull())
                {
                    throw new Invalid("bad_request", "'ts' must be a number");
                }
                return new ClientMessage.FuseData(id(m, true), requiredString(m, "stream"), data.toString(),
                    Priority.IMPORTANT);
            }
            case "fuse_close":
                return new ClientMessage.FuseClose(id(m, true), 0);
            default:
                throw new Invalid("bad_request", "unknown type '" + type + "'");
        }
    }

    private static ClientMessage.FuseOpen fuseOpen(final JsonNode m)
    {
        final String id = id(m, true);
        final String model = requiredString(m, "model");
        if (!NAME.matcher(model).matches())
        {
            throw new Invalid("bad_request", "'model' must match [A-Za-z0-9._-]{1,64}");
        }
        final JsonNode window = m.get("window_ms");
        if (window == null || !window.canConvertToInt() || !window.isIntegralNumber() || window.intValue() < 10
            || window.intValue() > 10_000)
        {
            throw new Invalid("bad_request", "'window_ms' must be an integer from 10 to 10000");
        }
        final JsonNode streams = m.get("streams");
        if (streams == null || !streams.isArray() || streams.isEmpty() || streams.size() > MAX_FUSION_STREAMS)
        {
            throw new Invalid("bad_request",
                "'streams' must be an array of 1.." + MAX_FUSION_STREAMS + " stream declarations");
        }
        final List<ClientMessage.FuseStream> declared = new ArrayList<>(streams.size());
        for (final JsonNode d : streams)
        {
            final String name = d.isObject() ? optionalString(d, "name") : null;
            if (name == null || !TOPIC.matcher(name).matches())
            {
                throw new Invalid("bad_request", "each stream needs a 'name' matching [a-z0-9._-]{1,64}");
            }
            if (declared.stream().anyMatch(s -> s.name().equals(name)))
            {
                throw new Invalid("bad_request", "stream '" + name + "' is declared twice");
            }
            final String kind = optionalString(d, "kind");
            if (kind == null || !List.of("visual", "text", "audio-meta", "other").contains(kind))
            {
                throw new Invalid("bad_request",
                    "stream '" + name + "': 'kind' must be visual, text, audio-meta or other");
            }
            final String policy = optionalString(d, "policy");
            if (!"all".equals(policy) && !"latest".equals(policy))
            {
                throw new Invalid("bad_request", "stream '" + name + "': 'policy' must be all or latest");
            }
            declared.add(new ClientMessage.FuseStream(name, kind, "latest".equals(policy)));
        }
        final String publishTo = optionalString(m, "publish_to");
        if (publishTo != null)
        {
            checkTopic(publishTo);
        }
        return new ClientMessage.FuseOpen(id, model, window.intValue(), List.copyOf(declared), publishTo, null);
    }

    private static String id(final JsonNode m, final boolean required)
    {
        final JsonNode id = m.get("id");
        if (id == null || id.isNull())
        {
            if (required)
            {
                throw new Invalid("bad_request", "missing string field 'id'");
            }
            return null;
        }
        if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > MAX_ID_CHARS)
        {
            throw new Invalid("bad_request", "'id' must be a string of 1.." + MAX_ID_CHARS + " characters");
        }
        return id.textValue();
    }

    private static String requiredString(final JsonNode m, final String field)
    {
        final JsonNode v = m.get(field);
        if (v == null || !v.isTextual())
        {
            throw new Invalid("bad_request", (v == null ? "missing" : "non-string") + " field '" + field + "'");
        }
        return v.textValue();
    }

    private static String optionalString(final JsonNode m, final String field)
    {
        final JsonNode v = m.get(field);
        if (v == null || v.isNull())
        {
            return null;
        }
        if (!v.isTextual())
        {
            throw new Invalid("bad_request", "'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static Priority priority(final JsonNode m, final Priority fallback, final String... allowed)
    {
        final String p = optionalString(m, "priority");
        if (p == null)
        {
            return fallback;
        }
        for (final String a : allowed)
        {
            if (a.equals(p))
            {
                return Priority.valueOf(p.toUpperCase());
            }
        }
        throw new Invalid("bad_request", "'priority' must be one of " + String.join(", ", allowed));
    }

    private static List<String> topics(final JsonNode m)
    {
        final JsonNode v = m.get("topics");
        if (v == null || !v.isArray() || v.isEmpty())
        {
            throw new Invalid("bad_request", "'topics' must be a non-empty array of topic names");
        }
        final List<String> topics = new ArrayList<>(v.size());
        for (final JsonNode t : v)
        {
            if (!t.isTextual())
            {
                throw new Invalid("bad_request", "'topics' must contain only strings");
            }
            checkTopic(t.textValue());
            topics.add(t.textValue());
        }
        return topics;
    }

    private static void checkTopic(final String topic)
    {
        if (!TOPIC.matcher(topic).matches())
        {
            throw new Invalid("bad_request",
                "invalid topic name '" + abbreviate(topic) + "': must match [a-z0-9._-]{1,64}");
        }
    }

    private static boolean isDuplicate(final JsonProcessingException e)
    {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }

    private static String abbreviate(final String s)
    {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }

    /** Validation failure inside the decoder; never escapes it. */
    private static final class Invalid extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final String code;

        Invalid(final String code, final String message)
        {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
