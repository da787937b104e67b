package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.AudioHeader;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.FrameJitter;
import io.ringcast.perf.harness.measure.GridLateness;
import io.ringcast.perf.harness.measure.UtteranceCheck;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * One speaking session: sends {@code speak}s at intended times and, from what comes back, records First
 * Audio Latency (speak sent → first frame), its split at the frame header's server send time, per-frame
 * jitter, RFC 3550 jitter, lateness against each utterance's grid ({@link GridLateness}, when the tally has a
 * {@link ScheduleTally}) and the delivery check of every utterance into a {@link SpeechTally}.
 */
public final class SpeechProbe implements ClientHandler
{
    private record Pending(long intendedNanos, long sentNanos, long expectedSamples)
    {
    }

    private static final class Utterance
    {
        final long id;
        final Pending request;
        final FrameJitter jitter;
        final GridLateness grid;
        final UtteranceCheck check = new UtteranceCheck();
        final int prefill;
        boolean first = true;

        Utterance(final long id, final Pending request, final int frameMs, final int prefill, final GridLateness grid)
        {
            this.id = id;
            this.request = request;
            this.prefill = prefill;
            this.jitter = new FrameJitter(frameMs, prefill);
            this.grid = grid;
            grid.begin(frameMs, prefill);
        }
    }

    private final SpeechTally tally;
    private final String prefix;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, Utterance> utterances = new ConcurrentHashMap<>();
    private volatile BenchClient client;
    private volatile Predicate<String> outbound = m -> false;
    private volatile Runnable onEnd = () ->
    {
    };
    // Grids are reused across this session's utterances (one plays at a time, a few may be announced).
    private final ArrayDeque<GridLateness> grids = new ArrayDeque<>();
    // The utterance frames last arrived for: a frame finds it without boxing its id for the map.
    private Utterance current;
    // Back-to-back speakers speak from the client's threads after the first speak left from the sender's.
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param tally  where figures go.
     * @param prefix id prefix (unique per session is not needed: ids are per session).
     */
    public SpeechProbe(final SpeechTally tally, final String prefix)
    {
        this.tally = tally;
        this.prefix = prefix;
    }

    /** @param client the session this probe listens to and speaks on. */
    public void attach(final BenchClient client)
    {
        this.client = client;
        this.outbound = client::send;
        client.handler(this);
    }

    /**
     * Speak through something other than a {@link BenchClient} (a test feeding replies by hand).
     *
     * @param sender queues one text message, false when it cannot.
     */
    public void attach(final Predicate<String> sender)
    {
        this.outbound = sender;
    }

    /** @param action run after each {@code audio_end} was tallied, on the client's thread (it must not block). */
    public void onEnd(final Runnable action)
    {
        this.onEnd = action;
    }

    /** @return the session. */
    public BenchClient client()
    {
        return client;
    }

    /**
     * Send one {@code speak}; called by one sender thread.
     *
     * @param text          what to say.
     * @param intendedNanos when the schedule wanted it sent.
     * @return false when the session could not queue it.
     */
    public boolean speak(final String text, final long intendedNanos)
    {
        final String id = prefix + next.getAndIncrement();
        final long expected = tally.samplesPerChar > 0 ? (long)text.length() * tally.samplesPerChar : -1;
        pending.put(id, new Pending(intendedNanos, System.nanoTime(), expected));
        tally.speaks.increment();
        if (!outbound.test(Requests.speak(id, text)))
        {
            pending.remove(id);
            return false;
        }
        return true;
    }

    /** @return speaks sent whose first frame has not arrived. */
    public int outstanding()
    {
        return pending.size() + (int)utterances.values().stream().filter(u -> u.first).count();
    }

    @Override
    public void onMessage(final JsonNode m, final long arrivedNanos)
    {
        switch (m.path("type").asText())
        {
            case "audio_start" ->
            {
                final Pending p = pending.remove(m.path("id").asText());
                if (p != null)
                {
                    // The session's own frame_ms and prefill from ready; the tally's only when ready lacked them.
                    final BenchClient c = client;
                    final long id = m.path("utterance").asLong();
                    final GridLateness g = grids.isEmpty() ? new GridLateness(128) : grids.poll();
                    utterances.put(id, new Utterance(id, p,
                        c == null ? tally.frameMs : c.frameMs(tally.frameMs),
                        c == null ? tally.prefill : c.prefillFrames(tally.prefill), g));
                }
            }
            case "audio_end" -> end(m);
            case "error" ->
            {
                tally.errors.computeIfAbsent(m.path("code").asText(), k -> new LongAdder()).increment();
                if (pending.remove(m.path("ref").asText()) != null)
                {
                    // A refused speak (no audio_start) ends its turn too: a back-to-back speaker goes on, as listen.mjs
                    // does.
                    onEnd.run();
                }
            }
            default ->
                {
                }
        }
    }

    private void end(final JsonNode m)
    {
        final Utterance u = utterances.remove(m.path("utterance").asLong());
        if (u == current)
        {
            current = null;
        }
        if (u != null)
        {
            tally(u, m);
        }
        // Counted after the figures, so a phase that waits on ended reads complete tallies.
        tally.ended.increment();
        onEnd.run();
    }

    private void tally(final Utterance u, final JsonNode m)
    {
        final ScheduleTally schedule = tally.schedule;
        if (schedule != null)
        {
            schedule.finish(u.grid);
        }
        grids.push(u.grid);
        if ("done".equals(m.path("reason").asText()))
        {
            final UtteranceCheck.Verdict v = u.check.finish(m.path("frames").asLong(), u.request.expectedSamples());
            tally.verdicts.computeIfAbsent(v, k -> new LongAdder()).increment();
        }
        if (tally.rfc3550 != null && u.check.frames() > u.prefill + 1)
        {
            tally.rfc3550.recordMicros((long)(u.jitter.rfc3550Nanos() / 1000));
        }
    }

    @Override
    public void onFrame(final AudioHeader h, final long arrivedNanos)
    {
        onAudio(h.kind(), h.last(), h.utterance(), h.seq(), h.serverNanos(), h.pcmBytes(), arrivedNanos);
    }

    @Override
    public void onAudio(final int kind, final boolean last, final long utterance, final long seq,
        final long serverNanos,
        final int pcmBytes, final long arrivedNanos)
    {
        tally.frames.increment();
        tally.lastArrival.accumulateAndGet(arrivedNanos, Math::max);
        Utterance u = current;
        if (u == null || u.id != utterance)
        {
            u = utterances.get(utterance);
            current = u;
        }
        if (u == null)
        {
            tally.strayFrames.increment();
            return;
        }
        if (u.first)
        {
            u.first = false;
            tally.firstFrames.increment();
            recordFirst(u.request, serverNanos, arrivedNanos);
        }
        final long deviation = u.jitter.onFrame(seq, arrivedNanos);
        if (deviation >= 0 && tally.jitter != null)
        {
            tally.jitter.recordMicros(deviation / 1000);
        }
        u.grid.onFrame(seq, arrivedNanos, serverNanos);
        u.check.onFrame(seq, pcmBytes);
    }

    private void recordFirst(final Pending p, final long serverNanos, final long arrivedNanos)
    {
        if (tally.fal != null)
        {
            tally.fal.record(p.intendedNanos(), p.sentNanos(), arrivedNanos);
        }
        // The header's send time is on the server's monotonic clock: the same CLOCK_MONOTONIC as ours on one host.
        final long server = serverNanos - p.sentNanos();
        final long delivery = arrivedNanos - serverNanos;
        if (server < 0 || delivery < 0)
        {
            tally.clockSkew.increment();
            return;
        }
        if (tally.falServer != null)
        {
            tally.falServer.recordMicros(server / 1000);
        }
        if (tally.falDelivery != null)
        {
            tally.falDelivery.recordMicros(delivery / 1000);
        }
    }
}
