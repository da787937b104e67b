package io.ringcast.bridge.worker;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Immutable settings of a reference worker; build with {@link #builder()}. Each setting has
 * the same default as its {@code ./ringcast worker} flag.
 */
public final class WorkerConfig
{

    /** Default listen port ({@code --port}). */
    public static final int DEFAULT_PORT = 7001;
    /** Default bind address ({@code --bind}). */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Default number of simulated GPUs, i.e. batches run at once ({@code --max-concurrent}). */
    public static final int DEFAULT_MAX_CONCURRENT = 1;
    /** Default frames per chunk ({@code --chunk-frames}): 10 frames of 20 ms = 200 ms of audio. */
    public static final int DEFAULT_CHUNK_FRAMES = 10;

    private final String bind;
    private final int port;
    private final String advertise;
    private final int maxConcurrent;
    private final CostModel costModel;
    private final Synthesizer synthesizer;
    private final int chunkFrames;
    private final String redis;
    private final ChunkDelay chunkDelay;
    private final ThreadFactory threadFactory;

    private WorkerConfig(final Builder b)
    {
        this.bind = b.bind;
        this.port = b.port;
        this.advertise = b.advertise;
        this.maxConcurrent = b.maxConcurrent;
        this.costModel = b.costModel;
        this.synthesizer = b.synthesizer;
        this.chunkFrames = b.chunkFrames;
        this.redis = b.redis;
        this.chunkDelay = b.chunkDelay;
        this.threadFactory = b.threadFactory;
    }

    /** A builder with every default: 127.0.0.1:7001, one GPU, H100 cost model, tones, no Redis. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Address to listen on. */
    public String bind()
    {
        return bind;
    }

    /** Port to listen on; 0 picks a free one. */
    public int port()
    {
        return port;
    }

    /** {@code host:port} others reach this worker at (registered in Redis); null means bind:port. */
    public String advertise()
    {
        return advertise;
    }

    /** Batches run at once (simulated GPUs). */
    public int maxConcurrent()
    {
        return maxConcurrent;
    }

    /** The GPU cost model. */
    public CostModel costModel()
    {
        return costModel;
    }

    /** The synthesis backend. */
    public Synthesizer synthesizer()
    {
        return synthesizer;
    }

    /** Frames per chunk of streamed audio. */
    public int chunkFrames()
    {
        return chunkFrames;
    }

    /** {@code redis://host:port} to register in, or null. */
    public String redis()
    {
        return redis;
    }

    /** Fault injection: chunks held back (default {@link ChunkDelay#NONE}). */
    public ChunkDelay chunkDelay()
    {
        return chunkDelay;
    }

    /** Creates the synthesis (simulated GPU) and clock threads, which the worker then names. */
    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    /** @return a builder holding this configuration. */
    public Builder toBuilder()
    {
        return builder().bind(bind).port(port).advertise(advertise).maxConcurrent(maxConcurrent).costModel(costModel)
            .synthesizer(synthesizer).chunkFrames(chunkFrames).redis(redis).chunkDelay(chunkDelay)
            .threadFactory(threadFactory);
    }

    /** Builder of {@link WorkerConfig}; setters validate at once. */
    public static final class Builder
    {
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private String advertise;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private CostModel costModel = CostModel.H100;
        private Synthesizer synthesizer = new ToneSynthesizer();
        private int chunkFrames = DEFAULT_CHUNK_FRAMES;
        private String redis;
        private ChunkDelay chunkDelay = ChunkDelay.NONE;
        private ThreadFactory threadFactory = Thread::new;

        private Builder()
        {
        }

        /** Address to listen on (default {@value WorkerConfig#DEFAULT_BIND}). */
        public Builder bind(final String v)
        {
            this.bind = Objects.requireNonNull(v, "bind");
            return this;
        }

        /** Port to listen on, 0 for any free port (default {@value WorkerConfig#DEFAULT_PORT}). */
        public Builder port(final int v)
        {
            if (v < 0 || v > 65535)
            {
                throw new IllegalArgumentException("port must be 0..65535, got " + v);
            }
            this.port = v;
            return this;
        }

        /** {@code host:port} registered in Redis (default: bind address and actual port). */
        public Builder advertise(final String v)
        {
            this.advertise = v;
            return this;
        }

        /** Simulated GPUs (default {@value WorkerConfig#DEFAULT_MAX_CONCURRENT}). */
        public Builder maxConcurrent(final int v)
        {
            if (v < 1 || v > 1024)
            {
                throw new IllegalArgumentException("max concurrent must be 1..1024, got " + v);
            }
            this.maxConcurrent = v;
            return this;
        }

        /** The cost model (default {@link CostModel#H100}). */
        public Builder costModel(final CostModel v)
        {
            this.costModel = Objects.requireNonNull(v, "costModel");
            return this;
        }

        /** The synthesis backend (default {@link ToneSynthesizer}). */
        public Builder synthesizer(final Synthesizer v)
        {
            this.synthesizer = Objects.requireNonNull(v, "synthesizer");
            return this;
        }

        /** Frames per chunk (default {@value WorkerConfig#DEFAULT_CHUNK_FRAMES}). */
        public Builder chunkFrames(final int v)
        {
            if (v < 1 || v > 1000)
            {
                throw new IllegalArgumentException("chunk frames must be 1..1000, got " + v);
            }
            this.chunkFrames = v;
            return this;
        }

        /** Register in this Redis ({@code redis://host:port}); null for none (default). */
        public Builder redis(final String v)
        {
            this.redis = v;
            return this;
        }

        /** Fault injection: hold back chunks (default {@link ChunkDelay#NONE}). */
        public Builder chunkDelay(final ChunkDelay v)
        {
            this.chunkDelay = Objects.requireNonNull(v, "chunkDelay");
            return this;
        }

        /**
         * Creates the worker's synthesis and clock threads (default: plain threads): an embedded worker's chunks are
         * on a listener's first-audio path, so a gateway at real-time priority starts them at it too.
         */
        public Builder threadFactory(final ThreadFactory v)
        {
            this.threadFactory = Objects.requireNonNull(v, "threadFactory");
            return this;
        }

        /** The immutable configuration. */
        public WorkerConfig build()
        {
            return new WorkerConfig(this);
        }
    }
}
