package io.ringcast.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Immutable engine configuration; build with {@link #builder()}. Each setting's key (as used in
 * properties files, {@code --flags} and {@code RINGCAST_*} variables) and default are on its builder
 * method and in docs/configuration.md.
 */
public final class EngineConfig
{
    private final int groups;
    private final int[] ringSizes;
    private final int[] cycleBudgets;
    private final String idle;
    private final int queueMaxMessages;
    private final long queueMaxBytes;
    private final int controlLaneMessages;
    private final double backpressureThreshold;
    private final double dropBulkThreshold;
    private final long maxInflightBytes;
    private final int maxInflightMessages;
    private final long slowSendNanos;
    private final int slowEvents;
    private final long sendTimeoutNanos;
    private final int frameMs;
    private final int sampleRate;
    private final int prefillFrames;
    private final int maxQueuedUtterances;
    private final long maxUtteranceBytes;
    private final long backpressureNoticeNanos;
    private final long stopTimeoutNanos;
    private final long fanoutPerSecond;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final StreamHandler handler;

    private EngineConfig(final Builder b)
    {
        groups = b.groups;
        ringSizes = b.ringSizes.clone();
        cycleBudgets = b.cycleBudgets.clone();
        idle = b.idle;
        queueMaxMessages = b.queueMaxMessages;
        queueMaxBytes = b.queueMaxBytes;
        controlLaneMessages = b.controlLaneMessages;
        backpressureThreshold = b.backpressureThreshold;
        dropBulkThreshold = b.dropBulkThreshold;
        maxInflightBytes = b.maxInflightBytes;
        maxInflightMessages = b.maxInflightMessages;
        slowSendNanos = b.slowSendNanos;
        slowEvents = b.slowEvents;
        sendTimeoutNanos = b.sendTimeoutNanos;
        frameMs = b.frameMs;
        sampleRate = b.sampleRate;
        prefillFrames = b.prefillFrames;
        maxQueuedUtterances = b.maxQueuedUtterances;
        maxUtteranceBytes = b.maxUtteranceBytes;
        backpressureNoticeNanos = b.backpressureNoticeNanos;
        stopTimeoutNanos = b.stopTimeoutNanos;
        fanoutPerSecond = b.fanoutPerSecond;
        clock = b.clock;
        errorHandler = b.errorHandler;
        handler = b.handler;
    }

    /** @return a builder with every default set. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return a builder holding this configuration's settings, to derive another from. */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.groups = groups;
        System.arraycopy(ringSizes, 0, b.ringSizes, 0, ringSizes.length);
        System.arraycopy(cycleBudgets, 0, b.cycleBudgets, 0, cycleBudgets.length);
        b.idle = idle;
        b.queueMaxMessages = queueMaxMessages;
        b.queueMaxBytes = queueMaxBytes;
        b.controlLaneMessages = controlLaneMessages;
        b.backpressureThreshold = backpressureThreshold;
        b.dropBulkThreshold = dropBulkThreshold;
        b.maxInflightBytes = maxInflightBytes;
        b.maxInflightMessages = maxInflightMessages;
        b.slowSendNanos = slowSendNanos;
        b.slowEvents = slowEvents;
        b.sendTimeoutNanos = sendTimeoutNanos;
        b.frameMs = frameMs;
        b.sampleRate = sampleRate;
        b.prefillFrames = prefillFrames;
        b.maxQueuedUtterances = maxQueuedUtterances;
        b.maxUtteranceBytes = maxUtteranceBytes;
        b.backpressureNoticeNanos = backpressureNoticeNanos;
        b.stopTimeoutNanos = stopTimeoutNanos;
        b.fanoutPerSecond = fanoutPerSecond;
        b.clock = clock;
        b.errorHandler = errorHandler;
        b.handler = handler;
        return b;
    }

    /** @return number of stream groups (consumer threads). */
    public int groups()
    {
        return groups;
    }

    /** @return audio frame length in milliseconds. */
    public int frameMs()
    {
        return frameMs;
    }

    /** @return PCM sample rate in Hz. */
    public int sampleRate()
    {
        return sampleRate;
    }

    /** @return bytes in one full frame of 16-bit mono PCM. */
    public int frameBytes()
    {
        return sampleRate / 1000 * frameMs * 2;
    }

    /** @return frames sent at once before real-time pacing starts. */
    public int prefillFrames()
    {
        return prefillFrames;
    }

    /** @return the handler inbound messages go to. */
    public StreamHandler handler()
    {
        return handler;
    }

    /** @return a new idle strategy of the configured kind, one per group thread. */
    public IdleStrategy newIdleStrategy()
    {
        switch (idle)
        {
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            default:
                // Parks of at most 100 us keep pacing error well under a millisecond while idle. (The engine gives
                // its own group threads a GroupIdleStrategy instead, which also parks long when there is nothing to do.)
                return new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    /** @return slots per ring, by priority ordinal (a copy). */
    public int[] ringSizes()
    {
        return ringSizes.clone();
    }

    /** @return events per duty cycle, by priority ordinal (a copy). */
    public int[] cycleBudgets()
    {
        return cycleBudgets.clone();
    }

    /** @return idle. */
    public String idle()
    {
        return idle;
    }

    /** @return queue max messages. */
    public int queueMaxMessages()
    {
        return queueMaxMessages;
    }

    /** @return queue max bytes. */
    public long queueMaxBytes()
    {
        return queueMaxBytes;
    }

    /** @return control lane messages. */
    public int controlLaneMessages()
    {
        return controlLaneMessages;
    }

    /** @return backpressure threshold. */
    public double backpressureThreshold()
    {
        return backpressureThreshold;
    }

    /** @return drop bulk threshold. */
    public double dropBulkThreshold()
    {
        return dropBulkThreshold;
    }

    /** @return max inflight bytes. */
    public long maxInflightBytes()
    {
        return maxInflightBytes;
    }

    /** @return max inflight messages. */
    public int maxInflightMessages()
    {
        return maxInflightMessages;
    }

    /** @return slow send nanos. */
    public long slowSendNanos()
    {
        return slowSendNanos;
    }

    /** @return slow events. */
    public int slowEvents()
    {
        return slowEvents;
    }

    /** @return send timeout nanos. */
    public long sendTimeoutNanos()
    {
        return sendTimeoutNanos;
    }

    /** @return max queued utterances. */
    public int maxQueuedUtterances()
    {
        return maxQueuedUtterances;
    }

    /** @return max utterance bytes. */
    public long maxUtteranceBytes()
    {
        return maxUtteranceBytes;
    }

    /** @return backpressure notice nanos. */
    public long backpressureNoticeNanos()
    {
        return backpressureNoticeNanos;
    }

    /** @return stop timeout nanos. */
    public long stopTimeoutNanos()
    {
        return stopTimeoutNanos;
    }

    /** @return topic and broadcast deliveries per second per group before BULK is shed (0: unlimited). */
    public long fanoutPerSecond()
    {
        return fanoutPerSecond;
    }

    /** @return clock. */
    public NanoClock clock()
    {
        return clock;
    }

    /** @return error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    @Override
    public String toString()
    {
        return "EngineConfig{groups=" + groups + ", ring_sizes=" + Arrays.toString(ringSizes) + ", idle=" + idle +
            ", queue_max_messages=" + queueMaxMessages + ", queue_max_bytes=" + queueMaxBytes +
            ", max_inflight_bytes=" + maxInflightBytes + ", frame_ms=" + frameMs + ", prefill_frames=" + prefillFrames + "}";
    }

    /** Builder of {@link EngineConfig}; every method documents its key and default. */
    public static final class Builder
    {
        private int groups = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private final int[] ringSizes = {4096, 16384, 16384, 16384};
        private final int[] cycleBudgets = {256, 128, 64, 32};
        private String idle = "backoff";
        private int queueMaxMessages = 1024;
        private long queueMaxBytes = 4L << 20;
        private int controlLaneMessages = 256;
        private double backpressureThreshold = 0.7;
        private double dropBulkThreshold = 0.9;
        private long maxInflightBytes = 256L << 10;
        private int maxInflightMessages = 256;
        private long slowSendNanos = TimeUnit.MILLISECONDS.toNanos(500);
        private int slowEvents = 5;
        private long sendTimeoutNanos = TimeUnit.SECONDS.toNanos(5);
        private int frameMs = 20;
        private int sampleRate = 16_000;
        private int prefillFrames = 3;
        private int maxQueuedUtterances = 16;
        private long maxUtteranceBytes = 32L << 20;
        private long backpressureNoticeNanos = TimeUnit.MILLISECONDS.toNanos(100);
        private long stopTimeoutNanos = TimeUnit.SECONDS.toNanos(2);
        private long fanoutPerSecond = 200_000;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private StreamHandler handler = (stream, message) -> { };

        private Builder()
        {
        }

        /**
         * Key {@code groups}: stream groups, one consumer thread each. Default: half the available cores, at least 1.
         *
         * @param groups at least 1.
         * @return this.
         */
        public Builder groups(final int groups)
        {
            this.groups = requireAtLeast("groups", groups, 1);
            return this;
        }

        /**
         * Key {@code ring_size.<priority>} ({@code ring_size.control} ...): slots in each group's ring of that
         * priority, a power of two. Defaults: CONTROL 4096, others 16384.
         *
         * @param priority which ring.
         * @param size     a power of two.
         * @return this.
         */
        public Builder ringSize(final Priority priority, final int size)
        {
            if (size < 2 || Integer.bitCount(size) != 1)
            {
                throw new IllegalArgumentException("ring_size." + priority.name().toLowerCase() + " must be a power of 2, was " + size);
            }
            ringSizes[priority.ordinal()] = size;
            return this;
        }

        /**
         * Key {@code cycle_budget.<priority>}: events of that priority a group takes per duty cycle before
         * it looks at the next priority, so lower classes never starve. Defaults: 256, 128, 64, 32.
         *
         * @param priority which ring.
         * @param budget   at least 1.
         * @return this.
         */
        public Builder cycleBudget(final Priority priority, final int budget)
        {
            cycleBudgets[priority.ordinal()] = requireAtLeast("cycle_budget", budget, 1);
            return this;
        }

        /**
         * Key {@code idle}: what a group thread does when it has no work: {@code backoff} (default: spin,
         * yield, then park up to 100 us while timers are pending or sends are in flight, else park until
         * something is published to the group), {@code yielding}, or {@code busy-spin} (lowest latency; only
         * for pinned threads on dedicated cores).
         *
         * @param idle one of backoff, yielding, busy-spin.
         * @return this.
         */
        public Builder idle(final String idle)
        {
            if (!idle.equals("backoff") && !idle.equals("yielding") && !idle.equals("busy-spin"))
            {
                throw new IllegalArgumentException("idle must be backoff, yielding or busy-spin, was '" + idle + "'");
            }
            this.idle = idle;
            return this;
        }

        /**
         * Keys {@code queue_max_messages} (default 1024) and {@code queue_max_bytes} (default 4 MiB): bound of
         * each stream's outbound queue (CRITICAL, IMPORTANT and BULK lanes together).
         *
         * @param messages at least 1.
         * @param bytes    at least 1.
         * @return this.
         */
        public Builder queueBounds(final int messages, final long bytes)
        {
            queueMaxMessages = requireAtLeast("queue_max_messages", messages, 1);
            queueMaxBytes = requireAtLeast("queue_max_bytes", bytes, 1);
            return this;
        }

        /**
         * Key {@code control_lane_messages}: reserved CONTROL lane per stream. Half full, the engine stops reading
         * the stream's peer until it is down to an eighth (read backpressure); overflow still evicts. Default 256.
         *
         * @param messages at least 1.
         * @return this.
         */
        public Builder controlLaneMessages(final int messages)
        {
            controlLaneMessages = requireAtLeast("control_lane_messages", messages, 1);
            return this;
        }

        /**
         * Keys {@code backpressure_threshold} (default 0.7: above it the level is HIGH and the client is
         * told) and {@code drop_bulk_threshold} (default 0.9: above it BULK is refused).
         *
         * @param backpressure fill fraction in (0, 1).
         * @param dropBulk     fill fraction in [backpressure, 1).
         * @return this.
         */
        public Builder thresholds(final double backpressure, final double dropBulk)
        {
            if (!(backpressure > 0 && backpressure < 1 && dropBulk >= backpressure && dropBulk < 1))
            {
                throw new IllegalArgumentException("need 0 < backpressure_threshold <= drop_bulk_threshold < 1, was " +
                    backpressure + " and " + dropBulk);
            }
            backpressureThreshold = backpressure;
            dropBulkThreshold = dropBulk;
            return this;
        }

        /**
         * Keys {@code max_inflight_bytes} (default 256 KiB) and {@code max_inflight_messages} (default 256):
         * what one stream's transport may hold unwritten; the rest waits in the bounded outbound queue.
         *
         * @param bytes    at least 1.
         * @param messages at least 1.
         * @return this.
         */
        public Builder inflight(final long bytes, final int messages)
        {
            maxInflightBytes = requireAtLeast("max_inflight_bytes", bytes, 1);
            maxInflightMessages = requireAtLeast("max_inflight_messages", messages, 1);
            return this;
        }

        /**
         * Keys {@code slow_send_ms} (default 500), {@code slow_events} (default 5) and
         * {@code send_timeout_ms} (default 5000): a send slower than slow_send counts a slow event; more than
         * slow_events make the stream SLOW_CONSUMER; a send not done within send_timeout evicts it.
         *
         * @param slowSendMs    at least 1.
         * @param events        at least 1.
         * @param sendTimeoutMs greater than slowSendMs.
         * @return this.
         */
        public Builder slowConsumer(final long slowSendMs, final int events, final long sendTimeoutMs)
        {
            requireAtLeast("slow_send_ms", slowSendMs, 1);
            requireAtLeast("send_timeout_ms", sendTimeoutMs, slowSendMs + 1);
            slowSendNanos = TimeUnit.MILLISECONDS.toNanos(slowSendMs);
            slowEvents = requireAtLeast("slow_events", events, 1);
            sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
            return this;
        }

        /**
         * Keys {@code frame_ms} (default 20), {@code sample_rate} (default 16000) and {@code prefill_frames}
         * (default 3): audio frames are frame_ms long and leave one per frame_ms after prefill_frames at once.
         *
         * @param frameMs    1 to 1000.
         * @param sampleRate 8000 to 48000, a multiple of 1000.
         * @param prefill    0 or more.
         * @return this.
         */
        public Builder audio(final int frameMs, final int sampleRate, final int prefill)
        {
            if (frameMs < 1 || frameMs > 1000 || sampleRate < 8000 || sampleRate > 48_000 || sampleRate % 1000 != 0 || prefill < 0)
            {
                throw new IllegalArgumentException("need frame_ms in 1..1000, sample_rate in 8000..48000 (multiple of 1000), " +
                    "prefill_frames >= 0; was " + frameMs + ", " + sampleRate + ", " + prefill);
            }
            this.frameMs = frameMs;
            this.sampleRate = sampleRate;
            this.prefillFrames = prefill;
            return this;
        }

        /**
         * Keys {@code max_queued_utterances} (default 16) and {@code max_utterance_bytes} (default 32 MiB):
         * utterances a stream may have waiting or playing, and the audio one may buffer.
         *
         * @param utterances at least 1.
         * @param bytes      at least one frame.
         * @return this.
         */
        public Builder utteranceLimits(final int utterances, final long bytes)
        {
            maxQueuedUtterances = requireAtLeast("max_queued_utterances", utterances, 1);
            maxUtteranceBytes = requireAtLeast("max_utterance_bytes", bytes, 1);
            return this;
        }

        /**
         * Key {@code backpressure_notice_ms}: at most one backpressure notice per stream per this interval
         * (the latest level is always told). Default 100.
         *
         * @param ms at least 1.
         * @return this.
         */
        public Builder backpressureNoticeMs(final long ms)
        {
            backpressureNoticeNanos = TimeUnit.MILLISECONDS.toNanos(requireAtLeast("backpressure_notice_ms", ms, 1));
            return this;
        }

        /**
         * Key {@code stop_timeout_ms}: how long stop may spend delivering queued CONTROL and CRITICAL
         * messages. Default 2000.
         *
         * @param ms at least 0.
         * @return this.
         */
        public Builder stopTimeoutMs(final long ms)
        {
            stopTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requireAtLeast("stop_timeout_ms", ms, 0));
            return this;
        }

        /**
         * Key {@code fanout_per_second}: topic and broadcast deliveries one group makes per second before it
         * sheds BULK deliveries (counted per subscriber, visible as seq gaps), so one hot topic cannot
         * starve speech. IMPORTANT and CRITICAL are never shed by it. Default 200000; 0 = unlimited.
         *
         * @param perSecond at least 0.
         * @return this.
         */
        public Builder fanoutPerSecond(final long perSecond)
        {
            fanoutPerSecond = requireAtLeast("fanout_per_second", perSecond, 0);
            return this;
        }

        /**
         * The monotonic clock for pacing and latency (tests may give their own). Default: System.nanoTime.
         *
         * @param clock the clock.
         * @return this.
         */
        public Builder clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * Where errors on group threads go; the one error sink of the engine. Default: print the stack trace.
         *
         * @param errorHandler must not throw.
         * @return this.
         */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * What handles inbound messages and stream events, on group threads. Default: ignores them.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder handler(final StreamHandler handler)
        {
            this.handler = handler;
            return this;
        }

        /** @return the configuration. */
        public EngineConfig build()
        {
            return new EngineConfig(this);
        }

        private static int requireAtLeast(final String key, final int value, final int min)
        {
            if (value < min)
            {
                throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
            }
            return value;
        }

        private static long requireAtLeast(final String key, final long value, final long min)
        {
            if (value < min)
            {
                throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
            }
            return value;
        }
    }
}
