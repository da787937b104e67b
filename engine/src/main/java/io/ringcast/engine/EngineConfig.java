package io.ringcast.engine;

import io.ringcast.settings.Setting;
import io.ringcast.settings.SettingValues;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Immutable engine configuration; build with {@link #builder()}. Each setting's key, default, bounds and doc are
 * declared once, in {@link EngineConfiguration}; docs/configuration.md's engine table is generated from there.
 */
public final class EngineConfig
{
    private final SettingValues values;
    private final int[] ringSizes;
    private final int[] cycleBudgets;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final StreamHandler handler;
    private final Runnable cycleEnd;
    private final ThreadFactory threadFactory;

    private EngineConfig(final Builder b)
    {
        values = b.values.copy();
        ringSizes = b.ringSizes.clone();
        cycleBudgets = b.cycleBudgets.clone();
        clock = b.clock;
        errorHandler = b.errorHandler;
        handler = b.handler;
        cycleEnd = b.cycleEnd;
        threadFactory = b.threadFactory;
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
        b.values = values.copy();
        System.arraycopy(ringSizes, 0, b.ringSizes, 0, ringSizes.length);
        System.arraycopy(cycleBudgets, 0, b.cycleBudgets, 0, cycleBudgets.length);
        b.clock = clock;
        b.errorHandler = errorHandler;
        b.handler = handler;
        b.cycleEnd = cycleEnd;
        b.threadFactory = threadFactory;
        return b;
    }

    /**
     * @param setting one of {@link EngineConfiguration#ALL} but the per-priority ones.
     * @param <T>     its type.
     * @return its value.
     */
    public <T> T get(final Setting<T> setting)
    {
        return values.get(setting);
    }

    /** @return number of stream groups (consumer threads). */
    public int groups()
    {
        return values.get(EngineConfiguration.GROUPS);
    }

    /** @return audio frame length in milliseconds. */
    public int frameMs()
    {
        return values.get(EngineConfiguration.FRAME_MS);
    }

    /** @return PCM sample rate in Hz. */
    public int sampleRate()
    {
        return values.get(EngineConfiguration.SAMPLE_RATE);
    }

    /** @return bytes in one full frame of 16-bit mono PCM. */
    public int frameBytes()
    {
        return sampleRate() / 1000 * frameMs() * 2;
    }

    /** @return frames sent at once before real-time pacing starts. */
    public int prefillFrames()
    {
        return values.get(EngineConfiguration.PREFILL_FRAMES);
    }

    /**
     * @return the tick paced frames start on ({@link EngineConfiguration#PACING_TICK_MS}): the largest divisor of
     *         {@code frame_ms} not above the setting, so every frame of a grid stays on a tick; 0 for none.
     */
    public int pacingTickMs()
    {
        final int frameMs = frameMs();
        int tick = Math.min(values.get(EngineConfiguration.PACING_TICK_MS), frameMs);
        while (tick > 1 && frameMs % tick != 0)
        {
            tick--;
        }
        return tick;
    }

    /** @return the handler inbound messages go to. */
    public StreamHandler handler()
    {
        return handler;
    }

    /** @return a new idle strategy of the configured kind, one per group thread. */
    public IdleStrategy newIdleStrategy()
    {
        switch (idle())
        {
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            default:
                // Parks of at most 100 us keep pacing error well under a millisecond while idle. (The engine gives
                // its own group threads a GroupIdleStrategy instead, which also parks long when there is nothing to
                // do.)
                return new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(100));
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
        return values.get(EngineConfiguration.IDLE);
    }

    /** @return queue max messages. */
    public int queueMaxMessages()
    {
        return values.get(EngineConfiguration.QUEUE_MAX_MESSAGES);
    }

    /** @return queue max bytes. */
    public long queueMaxBytes()
    {
        return values.get(EngineConfiguration.QUEUE_MAX_BYTES);
    }

    /** @return control lane messages. */
    public int controlLaneMessages()
    {
        return values.get(EngineConfiguration.CONTROL_LANE_MESSAGES);
    }

    /** @return backpressure threshold. */
    public double backpressureThreshold()
    {
        return values.get(EngineConfiguration.BACKPRESSURE_THRESHOLD);
    }

    /** @return drop bulk threshold. */
    public double dropBulkThreshold()
    {
        return values.get(EngineConfiguration.DROP_BULK_THRESHOLD);
    }

    /** @return max inflight bytes. */
    public long maxInflightBytes()
    {
        return values.get(EngineConfiguration.MAX_INFLIGHT_BYTES);
    }

    /** @return max inflight messages. */
    public int maxInflightMessages()
    {
        return values.get(EngineConfiguration.MAX_INFLIGHT_MESSAGES);
    }

    /** @return slow send nanos. */
    public long slowSendNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(values.get(EngineConfiguration.SLOW_SEND_MS));
    }

    /** @return slow events. */
    public int slowEvents()
    {
        return values.get(EngineConfiguration.SLOW_EVENTS);
    }

    /** @return send timeout nanos. */
    public long sendTimeoutNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(values.get(EngineConfiguration.SEND_TIMEOUT_MS));
    }

    /** @return max queued utterances. */
    public int maxQueuedUtterances()
    {
        return values.get(EngineConfiguration.MAX_QUEUED_UTTERANCES);
    }

    /** @return max utterance bytes. */
    public long maxUtteranceBytes()
    {
        return values.get(EngineConfiguration.MAX_UTTERANCE_BYTES);
    }

    /** @return backpressure notice nanos. */
    public long backpressureNoticeNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(values.get(EngineConfiguration.BACKPRESSURE_NOTICE_MS));
    }

    /** @return stop timeout nanos. */
    public long stopTimeoutNanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(values.get(EngineConfiguration.STOP_TIMEOUT_MS));
    }

    /** @return topic and broadcast deliveries per second per group before BULK is shed (0: unlimited). */
    public long fanoutPerSecond()
    {
        return values.get(EngineConfiguration.FANOUT_PER_SECOND);
    }

    /** @return clock. */
    public NanoClock clock()
    {
        return clock;
    }

    /** @return what each group thread runs at the end of each duty cycle ({@link Builder#cycleEnd}). */
    public Runnable cycleEnd()
    {
        return cycleEnd;
    }

    /** @return what creates the group threads ({@link Builder#threadFactory}). */
    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    /** @return error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    @Override
    public String toString()
    {
        return "EngineConfig{groups=" + groups() + ", ring_sizes=" + Arrays.toString(ringSizes) + ", idle=" + idle() +
            ", queue_max_messages=" + queueMaxMessages() + ", queue_max_bytes=" + queueMaxBytes() +
            ", max_inflight_bytes=" + maxInflightBytes() + ", frame_ms=" + frameMs() + ", prefill_frames=" +
            prefillFrames() + "}";
    }

    /** Builder of {@link EngineConfig}; each setting's key, default and bounds are in {@link EngineConfiguration}. */
    public static final class Builder
    {
        private SettingValues values = SettingValues.defaults(EngineConfiguration.ALL);
        private final int[] ringSizes = new int[Priority.values().length];
        private final int[] cycleBudgets = new int[Priority.values().length];
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private StreamHandler handler = (stream, message) ->
        {
        };
        private Runnable cycleEnd = () ->
        {
        };
        private ThreadFactory threadFactory = Thread::new;

        private Builder()
        {
            for (final Priority p : Priority.values())
            {
                ringSizes[p.ordinal()] = EngineConfiguration.ringSizeDefault(p);
                cycleBudgets[p.ordinal()] = EngineConfiguration.cycleBudgetDefault(p);
            }
        }

        /**
         * Sets one setting, checked against its bounds ({@link EngineConfiguration} declares each). Settings that
         * bound each other ({@code drop_bulk_threshold} and {@code backpressure_threshold}, {@code send_timeout_ms}
         * and {@code slow_send_ms}) are checked together by {@link #build()}.
         *
         * @param setting one of {@link EngineConfiguration#ALL} but the per-priority ones.
         * @param value   the value.
         * @param <T>     its type.
         * @return this.
         * @throws IllegalArgumentException naming the key, its bounds and the value when out of bounds.
         */
        public <T> Builder set(final Setting<T> setting, final T value)
        {
            values.set(setting, value);
            return this;
        }

        /**
         * Sets {@link EngineConfiguration#GROUPS}.
         *
         * @param groups at least 1.
         * @return this.
         */
        public Builder groups(final int groups)
        {
            return set(EngineConfiguration.GROUPS, groups);
        }

        /**
         * Sets one of the family {@link EngineConfiguration#RING_SIZE}; defaults:
         * {@link EngineConfiguration#ringSizeDefault}.
         *
         * @param priority which ring.
         * @param size     a power of two.
         * @return this.
         */
        public Builder ringSize(final Priority priority, final int size)
        {
            ringSizes[priority.ordinal()] = EngineConfiguration.RING_SIZE.check(
                "ring_size." + priority.name().toLowerCase(Locale.ROOT), size);
            return this;
        }

        /**
         * Sets one of the family {@link EngineConfiguration#CYCLE_BUDGET}; defaults:
         * {@link EngineConfiguration#cycleBudgetDefault}.
         *
         * @param priority which ring.
         * @param budget   at least 1.
         * @return this.
         */
        public Builder cycleBudget(final Priority priority, final int budget)
        {
            cycleBudgets[priority.ordinal()] = EngineConfiguration.CYCLE_BUDGET.check(
                "cycle_budget." + priority.name().toLowerCase(Locale.ROOT), budget);
            return this;
        }

        /**
         * Sets {@link EngineConfiguration#IDLE}.
         *
         * @param idle one of backoff, yielding, busy-spin.
         * @return this.
         */
        public Builder idle(final String idle)
        {
            return set(EngineConfiguration.IDLE, idle);
        }

        /**
         * Sets {@link EngineConfiguration#QUEUE_MAX_MESSAGES} and {@link EngineConfiguration#QUEUE_MAX_BYTES}.
         *
         * @param messages at least 1.
         * @param bytes    at least 1.
         * @return this.
         */
        public Builder queueBounds(final int messages, final long bytes)
        {
            return set(EngineConfiguration.QUEUE_MAX_MESSAGES, messages)
                .set(EngineConfiguration.QUEUE_MAX_BYTES, bytes);
        }

        /**
         * Sets {@link EngineConfiguration#CONTROL_LANE_MESSAGES}.
         *
         * @param messages at least 1.
         * @return this.
         */
        public Builder controlLaneMessages(final int messages)
        {
            return set(EngineConfiguration.CONTROL_LANE_MESSAGES, messages);
        }

        /**
         * Sets {@link EngineConfiguration#BACKPRESSURE_THRESHOLD} and {@link EngineConfiguration#DROP_BULK_THRESHOLD}.
         *
         * @param backpressure fill fraction in (0, 1).
         * @param dropBulk     fill fraction in [backpressure, 1).
         * @return this.
         */
        public Builder thresholds(final double backpressure, final double dropBulk)
        {
            checkThresholds(backpressure, dropBulk);
            return set(EngineConfiguration.BACKPRESSURE_THRESHOLD, backpressure)
                .set(EngineConfiguration.DROP_BULK_THRESHOLD, dropBulk);
        }

        /**
         * Sets {@link EngineConfiguration#MAX_INFLIGHT_BYTES} and {@link EngineConfiguration#MAX_INFLIGHT_MESSAGES}.
         *
         * @param bytes    at least 1.
         * @param messages at least 1.
         * @return this.
         */
        public Builder inflight(final long bytes, final int messages)
        {
            return set(EngineConfiguration.MAX_INFLIGHT_BYTES, bytes)
                .set(EngineConfiguration.MAX_INFLIGHT_MESSAGES, messages);
        }

        /**
         * Sets {@link EngineConfiguration#SLOW_SEND_MS}, {@link EngineConfiguration#SLOW_EVENTS} and
         * {@link EngineConfiguration#SEND_TIMEOUT_MS}.
         *
         * @param slowSendMs    at least 1.
         * @param events        at least 1.
         * @param sendTimeoutMs greater than slowSendMs.
         * @return this.
         */
        public Builder slowConsumer(final long slowSendMs, final int events, final long sendTimeoutMs)
        {
            EngineConfiguration.SLOW_SEND_MS.check(slowSendMs);
            checkSendTimeout(slowSendMs, sendTimeoutMs);
            return set(EngineConfiguration.SLOW_SEND_MS, slowSendMs).set(EngineConfiguration.SLOW_EVENTS, events)
                .set(EngineConfiguration.SEND_TIMEOUT_MS, sendTimeoutMs);
        }

        /**
         * Sets {@link EngineConfiguration#FRAME_MS}, {@link EngineConfiguration#SAMPLE_RATE} and
         * {@link EngineConfiguration#PREFILL_FRAMES}.
         *
         * @param frameMs    1 to 1000.
         * @param sampleRate 8000 to 48000, a multiple of 1000.
         * @param prefill    0 or more.
         * @return this.
         */
        public Builder audio(final int frameMs, final int sampleRate, final int prefill)
        {
            EngineConfiguration.FRAME_MS.check(frameMs);
            EngineConfiguration.SAMPLE_RATE.check(sampleRate);
            return set(EngineConfiguration.FRAME_MS, frameMs).set(EngineConfiguration.SAMPLE_RATE, sampleRate)
                .set(EngineConfiguration.PREFILL_FRAMES, prefill);
        }

        /**
         * Sets {@link EngineConfiguration#MAX_QUEUED_UTTERANCES} and {@link EngineConfiguration#MAX_UTTERANCE_BYTES}.
         *
         * @param utterances at least 1.
         * @param bytes      at least one frame.
         * @return this.
         */
        public Builder utteranceLimits(final int utterances, final long bytes)
        {
            return set(EngineConfiguration.MAX_QUEUED_UTTERANCES, utterances)
                .set(EngineConfiguration.MAX_UTTERANCE_BYTES, bytes);
        }

        /**
         * Sets {@link EngineConfiguration#BACKPRESSURE_NOTICE_MS}.
         *
         * @param ms at least 1.
         * @return this.
         */
        public Builder backpressureNoticeMs(final long ms)
        {
            return set(EngineConfiguration.BACKPRESSURE_NOTICE_MS, ms);
        }

        /**
         * Sets {@link EngineConfiguration#STOP_TIMEOUT_MS}.
         *
         * @param ms at least 0.
         * @return this.
         */
        public Builder stopTimeoutMs(final long ms)
        {
            return set(EngineConfiguration.STOP_TIMEOUT_MS, ms);
        }

        /**
         * Sets {@link EngineConfiguration#FANOUT_PER_SECOND}.
         *
         * @param perSecond at least 0.
         * @return this.
         */
        public Builder fanoutPerSecond(final long perSecond)
        {
            return set(EngineConfiguration.FANOUT_PER_SECOND, perSecond);
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

        /**
         * What each group thread runs at the end of each duty cycle (and once more after closing its streams), after
         * every sink call of that cycle: a transport that hands writes to other threads wakes them here, once per
         * cycle rather than at the first send, so they do not preempt the group thread while it still sends. Default:
         * nothing. It must not block or throw.
         *
         * @param cycleEnd runs on group threads only.
         * @return this.
         */
        public Builder cycleEnd(final Runnable cycleEnd)
        {
            this.cycleEnd = cycleEnd;
            return this;
        }

        /**
         * What creates each group thread, as Aeron's contexts take a factory per agent thread: an embedder sets the
         * thread's scheduling (real-time priority, a pinned core) in it. The engine names the thread after its group.
         * Default: {@code Thread::new}.
         *
         * @param threadFactory called once per group, at start.
         * @return this.
         */
        public Builder threadFactory(final ThreadFactory threadFactory)
        {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * @return the configuration.
         * @throws IllegalArgumentException when settings that bound each other disagree.
         */
        public EngineConfig build()
        {
            checkThresholds(values.get(EngineConfiguration.BACKPRESSURE_THRESHOLD),
                values.get(EngineConfiguration.DROP_BULK_THRESHOLD));
            checkSendTimeout(values.get(EngineConfiguration.SLOW_SEND_MS),
                values.get(EngineConfiguration.SEND_TIMEOUT_MS));
            return new EngineConfig(this);
        }

        private static void checkThresholds(final double backpressure, final double dropBulk)
        {
            if (!(backpressure > 0 && backpressure < 1 && dropBulk >= backpressure && dropBulk < 1))
            {
                throw new IllegalArgumentException("need 0 < backpressure_threshold <= drop_bulk_threshold < 1, was " +
                    backpressure + " and " + dropBulk);
            }
        }

        private static void checkSendTimeout(final long slowSendMs, final long sendTimeoutMs)
        {
            if (sendTimeoutMs <= slowSendMs)
            {
                throw new IllegalArgumentException("send_timeout_ms must be more than slow_send_ms (" + slowSendMs +
                    "), was " + sendTimeoutMs);
            }
        }
    }
}
