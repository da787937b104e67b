package io.ringcast.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A well-behaved session that speaks one utterance after another on a background thread while a test attacks
 * the same daemon, and afterwards says whether every utterance came whole: {@code audio_end} with
 * {@code reason: done}, its {@code frames} equal to the frames that arrived (seq 0, 1, 2, ... without a gap,
 * the last one flagged last) and to the length of the same utterance spoken before the attack.
 */
public final class Bystander implements AutoCloseable
{
    private static final String TEXT = "a bystander keeps talking";

    private final TestClient client;
    private final int expectedFrames;
    private final Thread thread;
    private final List<String> problems = new ArrayList<>();
    private volatile boolean running = true;
    private int utterances;

    private Bystander(final TestClient client, final int expectedFrames)
    {
        this.client = client;
        this.expectedFrames = expectedFrames;
        this.thread = new Thread(this::run, "bystander");
        this.thread.setDaemon(true);
    }

    /** Connects, measures one utterance undisturbed, then keeps speaking until {@link #close()}. */
    public static Bystander start(final String url) throws Exception
    {
        final Bystander b = connect(url);
        b.speakOnAndOn();
        return b;
    }

    /** Connects and measures one utterance undisturbed; then silent until {@link #speakOnAndOn()}. */
    public static Bystander connect(final String url) throws Exception
    {
        final TestClient c = TestClient.connect(url);
        c.await("ready");
        final int reference = speak(c, "ref");
        if (reference < 0)
        {
            throw new IllegalStateException("the bystander's reference utterance did not complete");
        }
        return new Bystander(c, reference);
    }

    /** Speaks one utterance after another, on its own thread, until {@link #close()}. */
    public void speakOnAndOn()
    {
        thread.start();
    }

    private void run()
    {
        for (int i = 0; running; i++)
        {
            try
            {
                final String id = "b" + i;
                final int frames = speak(client, id);
                synchronized (this)
                {
                    utterances++;
                    if (frames != expectedFrames)
                    {
                        problems.add(id + ": " +
                            (frames < 0 ? "incomplete or failed" : frames + " frames instead of " + expectedFrames));
                    }
                }
            }
            catch (final Exception e)
            {
                synchronized (this)
                {
                    problems.add("bystander failed: " + e);
                }
                return;
            }
        }
    }

    /** @return frames of a whole, done utterance, or -1 if it ended otherwise or not within 20 s. */
    private static int speak(final TestClient c, final String id) throws Exception
    {
        c.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + TEXT + "\"}");
        final TestClient.Received start =
            c.await(r -> "audio_start".equals(r.type()) && id.equals(r.json().path("id").asText()), 20_000);
        final TestClient.Received end =
            c.await(r -> "audio_end".equals(r.type()) && id.equals(r.json().path("id").asText()), 20_000);
        if (start == null || end == null)
        {
            return -1;
        }
        final JsonNode e = end.json();
        final long utterance = start.json().path("utterance").asLong();
        final List<TestClient.Frame> frames = c.frames().stream().filter(f -> f.utterance() == utterance).toList();
        c.forget(); // the next utterance is spoken only after this one ended: nothing of it is lost
        final int arrived = frames.size();
        if (!"done".equals(e.path("reason").asText()) || e.path("frames").asLong() != arrived || arrived == 0
            || !frames.get(arrived - 1).last())
        {
            return -1;
        }
        for (int seq = 0; seq < arrived; seq++)
        {
            if (frames.get(seq).seq() != seq)
            {
                return -1; // a gap (a frame dropped) or frames out of order
            }
        }
        return arrived;
    }

    /** @return utterances completed since start (whole or not). */
    public synchronized int utterances()
    {
        return utterances;
    }

    /** @return what went wrong for the bystander (empty: every utterance was whole). */
    public synchronized List<String> problems()
    {
        return new ArrayList<>(problems);
    }

    /** Asks the thread to stop after the utterance under way, without waiting (many bystanders stop at once). */
    public void stopSpeaking()
    {
        running = false;
    }

    /** Stops after the utterance under way. */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(30_000);
        }
        catch (final InterruptedException e)
        {
            // AutoCloseable.close must not throw InterruptedException (javac -Xlint:try): keep the interrupt.
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
