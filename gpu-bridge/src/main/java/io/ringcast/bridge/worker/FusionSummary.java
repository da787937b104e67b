package io.ringcast.bridge.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The reference worker's deterministic fusion model {@code summary}: for a window
 * {@code {"window":N,"streams":{"NAME":[item,...],...}}} it answers
 * {@code {"model":"summary","window":N,"streams":{"NAME":{"count":n,"first":item,"last":item,"digest":"sha256"}}}},
 * the digest being SHA-256 of the stream's items as compact JSON, so tests can check exactly what
 * was fused.
 */
final class FusionSummary
{
    /** The model name a request must carry. */
    static final String MODEL = "summary";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FusionSummary()
    {
    }

    static byte[] summarize(final byte[] payload) throws Synthesizer.SynthesisException
    {
        final JsonNode window;
        try
        {
            window = JSON.readTree(payload);
        }
        catch (final IOException e)
        {
            throw new Synthesizer.SynthesisException("fusion payload is not JSON: " + e.getMessage());
        }
        if (window == null || !window.path("streams").isObject())
        {
            throw new Synthesizer.SynthesisException("fusion payload needs an object 'streams'");
        }
        final ObjectNode out = JSON.createObjectNode().put("model", MODEL);
        out.set("window", window.path("window"));
        final ObjectNode streams = out.putObject("streams");
        for (final Map.Entry<String, JsonNode> stream : window.path("streams").properties())
        {
            final JsonNode items = stream.getValue();
            final ObjectNode s = streams.putObject(stream.getKey());
            s.put("count", items.size());
            if (items.size() > 0)
            {
                s.set("first", items.get(0));
                s.set("last", items.get(items.size() - 1));
            }
            s.put("digest", sha256(items.toString()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(final String text)
    {
        try
        {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
