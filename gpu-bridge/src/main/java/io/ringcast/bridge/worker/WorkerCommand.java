package io.ringcast.bridge.worker;

import io.ringcast.bridge.daemon.DaemonLogging;
import io.ringcast.bridge.daemon.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./ringcast worker}: the reference GPU worker's command line. */
@Command(name = "ringcast worker", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
    versionProvider = VersionProvider.class,
    description = {
        "Runs the reference GPU worker: a gRPC server (ringcast.worker.v1 + grpc.health.v1) that " +
            "synthesizes speech with a simulated GPU cost model, so batching behaves as on a GPU.%n",
        "Batch latency = max(min-batch-ms, fixed-ms + per-audio-second-ms x seconds of audio in the batch); " +
            "at most max-concurrent batches run at once (one per simulated GPU).%n"},
    footer = {"", "Example: ./ringcast worker --port 7002 --redis redis://127.0.0.1:6379"})
final class WorkerCommand implements Callable<Integer>
{

    /** Cost model presets for {@code --cost-model}. */
    enum CostPreset
    {
        h100, none
    }

    /** Synthesis backends for {@code --synth}. */
    enum SynthName
    {
        tones, espeak
    }

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
        description = "Log level: error, warn, info, debug, trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
        description = "Logs on standard error as text (timestamped lines) or json (one object per line) (default: " +
            "${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7001",
        description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
        description = "Address registered in Redis for gateways to dial (default: bind:port).")
    String advertise;

    @Option(names = "--redis", paramLabel = "redis://HOST:PORT",
        description = "Register in this Redis with a heartbeat (key expires 2 s after death; deleted on clean exit). " +
            "Default: none.")
    String redis;

    @Option(names = "--synth", paramLabel = "tones|espeak", defaultValue = "tones",
        description = "Synthesis backend: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). " +
            "tones: deterministic pitch per character; espeak: the espeak-ng program (Debian package espeak-ng).")
    SynthName synth;

    @Option(names = "--ms-per-char", paramLabel = "MS", defaultValue = "50",
        description = "Audio per character with --synth tones, ms (default: ${DEFAULT-VALUE}).")
    int msPerChar;

    @Option(names = "--cost-model", paramLabel = "h100|none", defaultValue = "h100",
        description = "GPU cost model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); none = zero delay, " +
            "ignores the times below.")
    CostPreset costModel;

    @Option(names = "--fixed-ms", paramLabel = "MS", defaultValue = "12",
        description = "Fixed cost of a batch, ms (default: ${DEFAULT-VALUE}).")
    double fixedMs;

    @Option(names = "--per-audio-second-ms", paramLabel = "MS", defaultValue = "0.55",
        description = "GPU time per second of audio in the batch, ms (default: ${DEFAULT-VALUE}).")
    double perAudioSecondMs;

    @Option(names = "--min-batch-ms", paramLabel = "MS", defaultValue = "13",
        description = "Least latency of any batch, ms (default: ${DEFAULT-VALUE}).")
    double minBatchMs;

    @Option(names = "--first-chunk-share", paramLabel = "SHARE", defaultValue = "0.5",
        description = "Fraction of the batch latency after which first chunks leave; the rest follow evenly " +
            "(default: ${DEFAULT-VALUE}).")
    double firstChunkShare;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "1",
        description = "Batches run at once, i.e. simulated GPUs (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--chunk-frames", paramLabel = "N", defaultValue = "10",
        description = "Frames of frame_ms per streamed chunk (default: ${DEFAULT-VALUE}).")
    int chunkFrames;

    @Option(names = "--delay-chunk", paramLabel = "SEQ:MS",
        description = "Fault injection: chunk SEQ of every request, and those after it, leave MS ms late (default: " +
            "none).")
    String delayChunk;

    /** The configuration these flags describe. */
    WorkerConfig config()
    {
        final CostModel cost = costModel == CostPreset.none
            ? CostModel.NONE
            : new CostModel(fixedMs, perAudioSecondMs, minBatchMs, firstChunkShare);
        final Synthesizer s = synth == SynthName.espeak ? EspeakSynthesizer.create() : new ToneSynthesizer(msPerChar);
        return WorkerConfig.builder().bind(bind).port(port).advertise(advertise).redis(redis)
            .costModel(cost).synthesizer(s).maxConcurrent(maxConcurrent).chunkFrames(chunkFrames)
            .chunkDelay(delayChunk == null ? ChunkDelay.NONE : ChunkDelay.parse(delayChunk)).build();
    }

    @Override
    public Integer call() throws Exception
    {
        final String logError = DaemonLogging.configure(logLevel, logFormat);
        if (logError != null)
        {
            System.err.println("ringcast worker: " + logError);
            return 2;
        }
        final WorkerConfig cfg;
        try
        {
            cfg = config();
        }
        catch (IllegalStateException | IllegalArgumentException e)
        {
            System.err.println("ringcast worker: " + e.getMessage());
            return 2;
        }
        final WorkerServer w = WorkerServer.start(cfg);
        Runtime.getRuntime().addShutdownHook(new Thread(w::close, "worker-shutdown"));
        System.out.println(
            "ringcast worker listening on " + w.address() + " (synth " + synth + ", cost model " + cfg.costModel() +
                ", max concurrent " + maxConcurrent + (redis == null ? "" : ", registered in " + redis) + ")");
        System.out.flush();
        w.awaitTermination();
        return 0;
    }
}
