package io.ringcast.gateway.fault;

import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a listener hears from a worker in its own process over loopback, read from the header stamps of the
 * frames (the server's send times): every utterance on one 20 ms grid when the audio is there in time, and
 * exactly one counted grid move when the worker holds a chunk back past its frame's slot.
 */
@Tag("integration")
class AudioScheduleTest
{
    private static final String SENTENCE = "Hello there, how are you today?"; // 31 characters: 78 frames of 20 ms
    private static final long MS = 1_000_000L;
    private static final int PREFILL = 3;

    private final ChildProcesses children = new ChildProcesses();
    private GatewayServer server;
    private TestClient client;

    @AfterEach
    void tearDown()
    {
        if (client != null)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
        children.close();
    }

    private void start(final String... workerFlags) throws Exception
    {
        final ChildProcesses.Worker worker = children.worker(workerFlags);
        server = GatewayServer.start(Gateways.config().toBuilder()
            .discovery(() -> WorkerDiscovery.fromFlags("static:" + worker.address(), null)).build());
        ChildProcesses.waitFor(() -> server.stats().bridge().metrics().providers().stream()
            .anyMatch(p -> p.state() == ProviderState.HEALTHY), 15_000, "the worker healthy");
        client = TestClient.connect(Gateways.url(server));
        client.await("ready");
        warmUp();
    }

    /**
     * Serves one short utterance first: a cold worker on a loaded machine can be slow enough to its first request
     * to be refused (and probed back a moment later); the behaviour under test is a warm worker's.
     */
    private void warmUp() throws Exception
    {
        Serving.msUntilServed(client, "warm-up", System.nanoTime(), 20_000);
    }

    /** Speaks the sentence and returns its frames' lateness against its best-fitting grid, after the prefill, in ns. */
    private long[] speakAndMeasure(final String id) throws Exception
    {
        client.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + SENTENCE + "\"}");
        final TestClient.Received end =
            client.await(r -> "audio_end".equals(r.type()) && id.equals(r.json().path("id").asText()), 15_000);
        assertNotNull(end, "utterance " + id + " ended");
        assertEquals("done", end.json().path("reason").asText());
        final long utterance = end.json().path("utterance").asLong();
        final List<TestClient.Frame> frames = client.frames().stream().filter(f -> f.utterance() == utterance).toList();
        assertEquals(end.json().path("frames").asInt(), frames.size(), "every frame arrived");
        final long[] lateness = new long[frames.size() - PREFILL];
        for (int i = PREFILL; i < frames.size(); i++)
        {
            final TestClient.Frame f = frames.get(i);
            assertEquals(i, f.seq(), "frames in order without gaps");
            lateness[i - PREFILL] = f.sendNanos() - f.seq() * 20 * MS;
        }
        final long min = Arrays.stream(lateness).min().orElseThrow();
        for (int i = 0; i < lateness.length; i++)
        {
            lateness[i] -= min;
        }
        return lateness;
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private long gridMoves()
    {
        return server.stats().engine().latency(LatencyMetric.PACING_GRID_MOVE, Priority.IMPORTANT).getTotalCount();
    }

    @Test
    void shouldKeepEveryUtteranceOnOneGridWithNoUnderrunFromAZeroCostWorkerInItsOwnProcess() throws Exception
    {
        start("--cost-model", "none");
        final long underrunsBefore = server.stats().engine().snapshot().underruns();
        final long[] tails = new long[5];
        long worst = 0;
        int stepped = 0;
        for (int u = 0; u < tails.length; u++)
        {
            final long[] lateness = speakAndMeasure("u" + u);
            // A step that stays moves every later frame: the median of the last third shows it; a scheduler
            // hiccup on a busy machine delays a frame or two and is caught up.
            final long[] tail = Arrays.copyOfRange(lateness, lateness.length * 2 / 3, lateness.length);
            Arrays.sort(tail);
            tails[u] = tail[tail.length / 2];
            stepped += tails[u] > 2 * MS ? 1 : 0;
            worst = Math.max(worst, Arrays.stream(lateness).max().orElseThrow());
        }
        final String tailsMs = Arrays.toString(Arrays.stream(tails).mapToDouble(t -> t / 1e6).toArray());
        System.out.printf(
            "[audio] separate zero-cost worker, 5 utterances: header-stamp lateness vs the best-fitting grid: " +
                "tail medians %s ms, worst frame %.2f ms%n",
            tailsMs, worst / 1e6);
        assertEquals(0, server.stats().engine().snapshot().underruns() - underrunsBefore,
            "no underrun: the audio was always there");
        // A schedule that moves its grid steps in most utterances (12-18 ms before issue 10's fix). One utterance
        // late as a whole, with no underrun, is taken for the loaded 2-core machine stalling the process (one CI run:
        // 397 ms; cause not found), which the stamps, taken as the socket write begins, now show.
        assertTrue(stepped <= 1, "every utterance but at most one stayed on its grid within 2 ms; tail medians " +
            tailsMs + " ms");
    }

    @Test
    void shouldCountExactlyOneUnderrunAndOneGridMoveWhenTheWorkerHoldsBackAChunk() throws Exception
    {
        // Chunks of 10 frames; chunk 3 (frames 30..39) leaves 700 ms late. Frame 29 (it needs to know whether it is
        // the last) is due (29 - 2) x 20 = 540 ms into the utterance: an underrun of about 160 ms.
        start("--cost-model", "none", "--chunk-frames", "10", "--delay-chunk", "3:700");
        final long underrunsBefore = server.stats().engine().snapshot().underruns();
        final long movesBefore = gridMoves();
        final long[] lateness = speakAndMeasure("held");

        assertEquals(1, server.stats().engine().snapshot().underruns() - underrunsBefore, "one underrun counted");
        assertEquals(1, gridMoves() - movesBefore, "one grid move recorded");
        // Medians, so a frame or two that a busy machine delays (and the pacer catches up) do not decide it.
        final int held = 29 - PREFILL;
        final long before = median(Arrays.copyOfRange(lateness, 0, held));
        final long after = median(Arrays.copyOfRange(lateness, held, lateness.length));
        System.out.printf("[audio] chunk held back 700 ms: grid moved %.1f ms at frame 29%n", (after - before) / 1e6);
        assertTrue(before < 20 * MS, "frames before the held chunk were on their grid: " + before / 1e6);
        assertTrue(after - before > 80 * MS && after - before < 400 * MS,
            "the grid moved once, by about 160 ms, and stayed: " + (after - before) / 1e6);
        assertTrue(median(Arrays.copyOfRange(lateness, lateness.length - 10, lateness.length)) - before > 80 * MS,
            "still moved at the end of the utterance");
    }
}
