package io.ringcast.bridge;

import io.ringcast.bridge.kind.RequestKind;

import java.time.Duration;
import java.util.Objects;

/**
 * One request to a GPU worker: immutable, built with {@link #synthesis} or {@link #fusion}.
 * The {@code id} is the caller's and must be unique among the client's open requests; it
 * names the request in every listener callback and in {@link BridgeClient#cancel}.
 */
public final class BridgeRequest
{

    /** Default output sample rate (docs/protocol.md: pcm_s16le mono 16 kHz). */
    public static final int DEFAULT_SAMPLE_RATE = 16_000;
    /** Default frame length in ms (docs/protocol.md). */
    public static final int DEFAULT_FRAME_MS = 20;

    private final String id;
    private final RequestKind kind;
    private final String model;
    private final String text;
    private final String voice;
    private final int sampleRate;
    private final int frameMs;
    private final byte[] payload;
    private final Duration timeout;
    private final int readAheadBytes;

    private BridgeRequest(final Builder b)
    {
        this.id = b.id;
        this.kind = b.kind;
        this.model = b.model;
        this.text = b.text;
        this.voice = b.voice;
        this.sampleRate = b.sampleRate;
        this.frameMs = b.frameMs;
        this.payload = b.payload;
        this.timeout = b.timeout;
        this.readAheadBytes = b.readAheadBytes;
    }

    /** A speech synthesis request for {@code text}. */
    public static Builder synthesis(final String id, final String text)
    {
        final Builder b = new Builder(id, RequestKind.SYNTHESIS);
        b.text = Objects.requireNonNull(text, "text");
        return b;
    }

    /** A fusion window for {@code model}, its input as UTF-8 JSON. */
    public static Builder fusion(final String id, final String model, final byte[] jsonPayload)
    {
        final Builder b = new Builder(id, RequestKind.FUSION);
        b.model = Objects.requireNonNull(model, "model");
        b.payload = jsonPayload.clone();
        return b;
    }

    /** The caller's id. */
    public String id()
    {
        return id;
    }

    /** What is asked for. */
    public RequestKind kind()
    {
        return kind;
    }

    /** Model name; empty for the worker's default. */
    public String model()
    {
        return model;
    }

    /** Text to speak (synthesis); empty otherwise. */
    public String text()
    {
        return text;
    }

    /** Voice name; empty for the default. */
    public String voice()
    {
        return voice;
    }

    /** Output sample rate, Hz. */
    public int sampleRate()
    {
        return sampleRate;
    }

    /** Frame length, ms; chunks hold whole frames. */
    public int frameMs()
    {
        return frameMs;
    }

    /** Kind-specific input (a copy). */
    public byte[] payload()
    {
        return payload.clone();
    }

    /** Deadline for the whole request, from submit to done; null means the client's default. */
    public Duration timeout()
    {
        return timeout;
    }

    /**
     * Output bytes the worker may send ahead of what the caller has consumed; the caller returns what it consumed
     * with {@link BridgeClient#credit}. 0 means no limit (and no credit is needed). Once such a request has
     * streamed its first chunk its deadline no longer applies: delivery goes at the consumer's pace (a long text,
     * a paused listener), and a worker that stops is found by the stall check instead.
     */
    public int readAheadBytes()
    {
        return readAheadBytes;
    }

    /** Builder of {@link BridgeRequest}. */
    public static final class Builder
    {
        private final String id;
        private final RequestKind kind;
        private String model = "";
        private String text = "";
        private String voice = "";
        private int sampleRate = DEFAULT_SAMPLE_RATE;
        private int frameMs = DEFAULT_FRAME_MS;
        private byte[] payload = new byte[0];
        private Duration timeout;
        private int readAheadBytes;

        private Builder(final String id, final RequestKind kind)
        {
            if (id == null || id.isEmpty())
            {
                throw new IllegalArgumentException("request id must be non-empty");
            }
            this.id = id;
            this.kind = kind;
        }

        /** Model name (default: the worker's default for the kind). */
        public Builder model(final String v)
        {
            this.model = Objects.requireNonNull(v, "model");
            return this;
        }

        /** Voice name (default: empty, the backend's default). */
        public Builder voice(final String v)
        {
            this.voice = v == null ? "" : v;
            return this;
        }

        /** Sample rate, 8000..48000 Hz (default {@value BridgeRequest#DEFAULT_SAMPLE_RATE}). */
        public Builder sampleRate(final int v)
        {
            if (v < 8_000 || v > 48_000)
            {
                throw new IllegalArgumentException("sample rate must be 8000..48000, got " + v);
            }
            this.sampleRate = v;
            return this;
        }

        /** Frame length, 5..200 ms (default {@value BridgeRequest#DEFAULT_FRAME_MS}). */
        public Builder frameMs(final int v)
        {
            if (v < 5 || v > 200)
            {
                throw new IllegalArgumentException("frame_ms must be 5..200, got " + v);
            }
            this.frameMs = v;
            return this;
        }

        /** Deadline from submit to done (default: the client's {@code default_timeout}). */
        public Builder timeout(final Duration v)
        {
            if (v != null && (v.isNegative() || v.isZero()))
            {
                throw new IllegalArgumentException("timeout must be > 0, got " + v);
            }
            this.timeout = v;
            return this;
        }

        /**
         * Read-ahead window in output bytes; 0 (the default) for no limit. See {@link BridgeRequest#readAheadBytes()}.
         */
        public Builder readAheadBytes(final int v)
        {
            if (v < 0)
            {
                throw new IllegalArgumentException("read-ahead must be >= 0 bytes, got " + v);
            }
            this.readAheadBytes = v;
            return this;
        }

        /** The immutable request. */
        public BridgeRequest build()
        {
            return new BridgeRequest(this);
        }
    }
}
