package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Open-loop ping/pong load: {@code rate} pings per second spread round-robin over connections, each ping's
 * {@code t} an index into the connection's table of intended and actual send times, so the echoed pong
 * gives the round trip from both (corrected and raw).
 */
public final class PingLoad
{
    private static final int SLOTS = 1 << 16;

    /**
     * Figures of one load phase.
     *
     * @param sent        pings queued.
     * @param pongs       pongs received.
     * @param inWindow    pongs received before the phase's end (for the sustained rate).
     * @param errors      error messages received.
     * @param connections connections that opened.
     * @param seconds     the phase's length.
     * @param closed      connections the server closed during the phase.
     * @param reasons     their close codes and reasons, distinct.
     */
    public record Result(long sent, long pongs, long inWindow, long errors, int connections, double seconds, int closed,
        List<String> reasons)
    {
        /** @return pongs per second received within the phase. */
        public double achieved()
        {
            return inWindow / seconds;
        }
    }

    private static final class Conn implements ClientHandler
    {
        final AtomicLongArray intended = new AtomicLongArray(SLOTS);
        final AtomicLongArray sent = new AtomicLongArray(SLOTS);
        final SeriesRecorder series;
        final LongAdder pongs;
        final LongAdder inWindow;
        final LongAdder errors;
        final long[] end;
        BenchClient client;
        long next;

        Conn(final SeriesRecorder series, final LongAdder pongs, final LongAdder inWindow, final LongAdder errors,
            final long[] end)
        {
            this.series = series;
            this.pongs = pongs;
            this.inWindow = inWindow;
            this.errors = errors;
            this.end = end;
        }

        @Override
        public void onMessage(final JsonNode m, final long arrivedNanos)
        {
            final String type = m.path("type").asText();
            if ("pong".equals(type))
            {
                final int slot = (int)(m.path("t").asLong() & (SLOTS - 1));
                series.record(intended.get(slot), sent.get(slot), arrivedNanos);
                pongs.increment();
                if (arrivedNanos < end[0])
                {
                    inWindow.increment();
                }
            }
            else if ("error".equals(type))
            {
                errors.increment();
            }
        }
    }

    private PingLoad()
    {
    }

    /**
     * @param ctx         the scenario (for session counts).
     * @param connector   where to connect.
     * @param series      where round trips go.
     * @param connections how many connections share the load.
     * @param rate        intended pings per second in total.
     * @param length      how long.
     * @return the phase's figures.
     */
    public static Result run(final ScenarioContext ctx, final Connector connector, final SeriesRecorder series,
        final int connections,
        final int rate, final Duration length)
    {
        final LongAdder pongs = new LongAdder();
        final LongAdder inWindow = new LongAdder();
        final LongAdder errors = new LongAdder();
        final long[] end = {Long.MAX_VALUE};
        final List<Conn> all = new ArrayList<>();
        for (int i = 0; i < connections; i++)
        {
            all.add(new Conn(series, pongs, inWindow, errors, end));
        }
        final List<BenchClient> clients = connector.connectAll(connections, all::get);
        final List<Conn> open = new ArrayList<>();
        for (final Conn c : all)
        {
            for (final BenchClient b : clients)
            {
                if (b.isHandler(c))
                {
                    c.client = b;
                    open.add(c);
                }
            }
        }
        ctx.sessions().addAndGet(open.size());
        final OpenLoop loop = new OpenLoop();
        final long start = System.nanoTime() + 20_000_000L;
        end[0] = start + length.toNanos();
        long sent = 0;
        if (!open.isEmpty())
        {
            sent = loop.run(start, 1e9 / rate, end[0], () -> false, (i, intendedNanos) ->
            {
                final Conn c = open.get((int)(i % open.size()));
                final int slot = (int)(c.next & (SLOTS - 1));
                c.intended.set(slot, intendedNanos);
                c.sent.set(slot, System.nanoTime());
                c.client.send(Requests.ping(c.next++));
            });
        }
        final long total = sent;
        Await.until(() -> pongs.sum() + errors.sum() >= total, 3_000);
        final List<String> reasons = open.stream().filter(c -> c.client.closed().isDone())
            .map(c -> c.client.closed().join() + " " + c.client.closeReason()).distinct().toList();
        final int closed = (int)open.stream().filter(c -> c.client.closed().isDone()).count();
        for (final Conn c : open)
        {
            c.client.close();
        }
        ctx.sessions().addAndGet(-open.size());
        ctx.senderLag(loop);
        return new Result(sent, pongs.sum(), inWindow.sum(), errors.sum(), open.size(), length.toNanos() / 1e9, closed,
            reasons);
    }
}
