package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.AudioHeader;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.SeriesRecorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * One barge-in session: speak, then {@code pause}, {@code resume} and {@code cancel} at intended times,
 * timing each acknowledgement and counting frames that break the protocol's promises (audio after
 * {@code paused}, audio of a cancelled utterance after {@code cancelled}).
 */
public final class BargeInProbe implements ClientHandler
{
    /** Series and counters shared by the sessions of one run. */
    public record Sinks(SeriesRecorder paused, SeriesRecorder resumed, SeriesRecorder cancelled,
        LongAdder framesAfterPaused,
        LongAdder framesAfterCancelled, LongAdder pausedAcks, LongAdder cancelledAcks, LongAdder pausesSent,
        LongAdder cancelsSent)
    {
    }

    private final Sinks sinks;
    private volatile BenchClient client;
    private volatile String currentId = "";
    private volatile long currentUtterance = -1;
    private volatile long cancelledUtterance = -1;
    private volatile boolean paused;
    private volatile boolean awaitingResumeFrame;
    private volatile long pauseIntended;
    private volatile long pauseSent;
    private volatile long resumeIntended;
    private volatile long resumeSent;
    private volatile long cancelIntended;
    private volatile long cancelSent;
    private int cycle;

    /** @param sinks where figures go. */
    public BargeInProbe(final Sinks sinks)
    {
        this.sinks = sinks;
    }

    /** @param client the session. */
    public void attach(final BenchClient client)
    {
        this.client = client;
        client.handler(this);
    }

    /** @return the session. */
    public BenchClient client()
    {
        return client;
    }

    /** @param text start a new utterance. */
    public void speak(final String text)
    {
        currentId = "b" + (cycle++);
        currentUtterance = -1;
        paused = false;
        awaitingResumeFrame = false;
        client.send(Requests.speak(currentId, text));
    }

    /** @param intendedNanos when the schedule wanted the pause sent. */
    public void pause(final long intendedNanos)
    {
        pauseIntended = intendedNanos;
        pauseSent = System.nanoTime();
        sinks.pausesSent().increment();
        client.send(Requests.pause(currentId));
    }

    /** @param intendedNanos when the schedule wanted the resume sent. */
    public void resume(final long intendedNanos)
    {
        paused = false;
        resumeIntended = intendedNanos;
        resumeSent = System.nanoTime();
        awaitingResumeFrame = true;
        client.send(Requests.resume(currentId));
    }

    /** @param intendedNanos when the schedule wanted the cancel sent. */
    public void cancel(final long intendedNanos)
    {
        awaitingResumeFrame = false;
        cancelIntended = intendedNanos;
        cancelSent = System.nanoTime();
        sinks.cancelsSent().increment();
        client.send(Requests.cancel(currentId));
    }

    @Override
    public void onMessage(final JsonNode m, final long arrivedNanos)
    {
        switch (m.path("type").asText())
        {
            case "audio_start" ->
            {
                if (currentId.equals(m.path("id").asText()))
                {
                    currentUtterance = m.path("utterance").asLong();
                }
            }
            case "paused" ->
            {
                sinks.paused().record(pauseIntended, pauseSent, arrivedNanos);
                sinks.pausedAcks().increment();
                // A late ack after resume was already sent must not mark the resumed audio as "after paused".
                paused = resumeSent < pauseSent;
            }
            case "cancelled" ->
            {
                sinks.cancelled().record(cancelIntended, cancelSent, arrivedNanos);
                sinks.cancelledAcks().increment();
                cancelledUtterance = currentUtterance;
            }
            default ->
                {
                }
        }
    }

    @Override
    public void onFrame(final AudioHeader h, final long arrivedNanos)
    {
        if (paused)
        {
            sinks.framesAfterPaused().increment();
        }
        if (h.utterance() == cancelledUtterance)
        {
            sinks.framesAfterCancelled().increment();
        }
        if (awaitingResumeFrame && h.utterance() == currentUtterance)
        {
            awaitingResumeFrame = false;
            sinks.resumed().record(resumeIntended, resumeSent, arrivedNanos);
        }
    }
}
