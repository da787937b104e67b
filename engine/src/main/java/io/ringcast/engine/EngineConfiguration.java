package io.ringcast.engine;

import io.ringcast.settings.Setting;

import java.util.List;

/**
 * Every setting of the engine, declared once: key, default, bounds and doc. {@link EngineConfig.Builder} defaults
 * from and checks with these; {@code ringcast serve} derives its engine flags, {@code RINGCAST_*} variables and
 * config-file keys from them, and docs/configuration.md's engine table is generated from {@link #ALL}.
 */
public final class EngineConfiguration
{
    /** Stream groups, one consumer thread each. */
    public static final Setting<Integer> GROUPS = Setting.ofInt("groups",
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2)).atLeast(1)
        .defaultComputedAs("half the cores, at least 1").doc("stream groups, one consumer thread each");

    /** What an idle group thread does. */
    public static final Setting<String> IDLE = Setting.ofString("idle", "backoff")
        .oneOf("backoff", "yielding", "busy-spin")
        .doc("what an idle group thread does: `backoff` (spin, then park: until the next pacing deadline, " +
            "at most 10 ms, while audio plays; ≤ 100 µs while queued messages wait for sends in flight; with nothing " +
            "to do, until something is published to the group, so an idle daemon costs almost no CPU), `yielding`, " +
            "`busy-spin` (only on pinned, dedicated cores)");

    /** Slots per ring of one priority, a family of keys: {@code ring_size.control}, ... */
    public static final Setting<Integer> RING_SIZE = Setting.of("ring_size.<priority>", Integer.class, null)
        .allow("a power of 2", v -> v >= 2 && Integer.bitCount(v) == 1)
        .defaultShownAs("4096 control, 16384 others").doc("slots per ring");

    /** Events of one priority a group takes per duty cycle, a family of keys: {@code cycle_budget.control}, ... */
    public static final Setting<Integer> CYCLE_BUDGET = Setting.of("cycle_budget.<priority>", Integer.class, null)
        .atLeast(1).defaultShownAs("256, 128, 64, 32")
        .doc("events of each class a group takes per duty cycle before it looks at the next, so none starves");

    /** Per-stream outbound queue bound, messages. */
    public static final Setting<Integer> QUEUE_MAX_MESSAGES = Setting.ofInt("queue_max_messages", 1024).atLeast(1)
        .doc("per-stream outbound bound (CRITICAL, IMPORTANT, BULK together), messages");

    /** Per-stream outbound queue bound, bytes. */
    public static final Setting<Long> QUEUE_MAX_BYTES = Setting.ofLong("queue_max_bytes", 4L << 20).atLeast(1L)
        .doc("per-stream outbound bound (with `queue_max_messages`), bytes");

    /** Reserved CONTROL lane per stream. */
    public static final Setting<Integer> CONTROL_LANE_MESSAGES = Setting.ofInt("control_lane_messages", 256)
        .atLeast(1).doc("reserved CONTROL lane; half full, the client is no longer read until it is down to an " +
            "eighth; overflow evicts");

    /** Fill above which the level is HIGH and the client is told. */
    public static final Setting<Double> BACKPRESSURE_THRESHOLD = Setting.ofDouble("backpressure_threshold", 0.7)
        .allow("in (0, 1)", v -> v > 0 && v < 1)
        .doc("fill above which the level is HIGH and the client gets `backpressure`");

    /** Fill above which BULK is refused. */
    public static final Setting<Double> DROP_BULK_THRESHOLD = Setting.ofDouble("drop_bulk_threshold", 0.9)
        .allow("in (0, 1)", v -> v > 0 && v < 1).allow("at least backpressure_threshold", v -> true)
        .doc("fill above which BULK is refused");

    /** Bytes one stream's transport may hold unwritten. */
    public static final Setting<Long> MAX_INFLIGHT_BYTES = Setting.ofLong("max_inflight_bytes", 256L << 10)
        .atLeast(1L).doc("bytes one socket may hold unwritten (Undertow's own queue is unbounded)");

    /** Messages one stream's transport may hold unwritten. */
    public static final Setting<Integer> MAX_INFLIGHT_MESSAGES = Setting.ofInt("max_inflight_messages", 256)
        .atLeast(1).doc("messages one socket may hold unwritten");

    /** A send slower than this is a slow event. */
    public static final Setting<Long> SLOW_SEND_MS = Setting.ofLong("slow_send_ms", 500).atLeast(1L)
        .doc("a send slower than this, from when its IO thread begins writing it, is a slow event");

    /** Slow events before a stream is a slow consumer. */
    public static final Setting<Integer> SLOW_EVENTS = Setting.ofInt("slow_events", 5).atLeast(1)
        .doc("more slow events than this make the session a slow consumer (BULK, IMPORTANT shed)");

    /** A send not done in this time evicts the stream. */
    public static final Setting<Long> SEND_TIMEOUT_MS = Setting.ofLong("send_timeout_ms", 5000)
        .allow("more than slow_send_ms", v -> v > 1).doc("a send not done in this time evicts the session (1008)");

    /** Topic and broadcast deliveries per group per second before BULK is shed. */
    public static final Setting<Long> FANOUT_PER_SECOND = Setting.ofLong("fanout_per_second", 200_000).atLeast(0L)
        .doc("topic and broadcast deliveries per group per second before BULK deliveries are shed (counted, seq " +
            "gaps); IMPORTANT and CRITICAL are never shed by it; 0 = unlimited");

    /** Audio frame length. */
    public static final Setting<Integer> FRAME_MS = Setting.ofInt("frame_ms", 20).between(1, 1000)
        .doc("audio frame length");

    /** PCM sample rate. */
    public static final Setting<Integer> SAMPLE_RATE = Setting.ofInt("sample_rate", 16_000).between(8000, 48_000)
        .allow("a multiple of 1000", v -> v % 1000 == 0).doc("PCM rate");

    /** Frames sent at once before real-time pacing. */
    public static final Setting<Integer> PREFILL_FRAMES = Setting.ofInt("prefill_frames", 3).atLeast(0)
        .doc("frames sent at once before real-time pacing");

    /**
     * The shared tick paced frames start on. Every stream's paced frames then fall on the same instants, so a group
     * thread wakes (and wakes the IO threads) once per tick for all its streams instead of once per stream's frame.
     */
    public static final Setting<Integer> PACING_TICK_MS = Setting.ofInt("pacing_tick_ms", 5).between(0, 1000)
        .doc("paced frames of an utterance start on the next multiple of this after its prefill, so all sessions' " +
            "frames fall on shared ticks (fewer thread wake-ups; the grid is only shifted, never stretched); the " +
            "largest divisor of frame_ms not above it is used; 0 = each utterance paced from its own start");

    /** Utterances a stream may have queued or playing. */
    public static final Setting<Integer> MAX_QUEUED_UTTERANCES = Setting.ofInt("max_queued_utterances", 16)
        .atLeast(1).doc("utterances a session may have queued or playing");

    /** Audio one utterance may buffer. */
    public static final Setting<Long> MAX_UTTERANCE_BYTES = Setting.ofLong("max_utterance_bytes", 32L << 20)
        .atLeast(1L).doc("audio one utterance may buffer");

    /** At most one backpressure notice per stream per this interval. */
    public static final Setting<Long> BACKPRESSURE_NOTICE_MS = Setting.ofLong("backpressure_notice_ms", 100)
        .atLeast(1L)
        .doc("at most one `backpressure` notice per session per interval (the latest level is always told)");

    /** How long stop may spend delivering queued CONTROL and CRITICAL messages. */
    public static final Setting<Long> STOP_TIMEOUT_MS = Setting.ofLong("stop_timeout_ms", 2000).atLeast(0L)
        .doc("how long shutdown may spend delivering queued CONTROL and CRITICAL");

    /** Every setting of the engine, in the order of the docs. */
    public static final List<Setting<?>> ALL = List.of(GROUPS, IDLE, RING_SIZE, CYCLE_BUDGET, QUEUE_MAX_MESSAGES,
        QUEUE_MAX_BYTES, CONTROL_LANE_MESSAGES, BACKPRESSURE_THRESHOLD, DROP_BULK_THRESHOLD, MAX_INFLIGHT_BYTES,
        MAX_INFLIGHT_MESSAGES, SLOW_SEND_MS, SLOW_EVENTS, SEND_TIMEOUT_MS, FANOUT_PER_SECOND, FRAME_MS, SAMPLE_RATE,
        PREFILL_FRAMES, PACING_TICK_MS, MAX_QUEUED_UTTERANCES, MAX_UTTERANCE_BYTES, BACKPRESSURE_NOTICE_MS,
        STOP_TIMEOUT_MS);

    private static final int[] RING_SIZE_DEFAULTS = {4096, 16384, 16384, 16384};
    private static final int[] CYCLE_BUDGET_DEFAULTS = {256, 128, 64, 32};

    private EngineConfiguration()
    {
    }

    /**
     * @param priority a ring.
     * @return the default of {@code ring_size.<priority>}.
     */
    public static int ringSizeDefault(final Priority priority)
    {
        return RING_SIZE_DEFAULTS[priority.ordinal()];
    }

    /**
     * @param priority a ring.
     * @return the default of {@code cycle_budget.<priority>}.
     */
    public static int cycleBudgetDefault(final Priority priority)
    {
        return CYCLE_BUDGET_DEFAULTS[priority.ordinal()];
    }
}
