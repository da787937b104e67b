package io.ringcast.perf.harness.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The harness's own cost, measured before any scenario so a reported figure is never the harness itself:
 * the clock read, decoding and recording one message, and a TCP round trip through the loopback
 * interface with no server logic (the floor under any latency this machine can report).
 */
public final class OverheadBaseline
{
    private static final int ROUND_TRIPS = 3_000;
    private static final int WARMUP = 1_000;

    private OverheadBaseline()
    {
    }

    /**
     * @return figures by name, unit in the key: latencies in ms like every report; the two sub-µs costs in ns.
     */
    public static Map<String, Object> measure()
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("clock read (System.nanoTime) ns", Math.round(clockNanos()));
        out.put("decode + record one pong ns", Math.round(decodeRecordNanos()));
        final Histogram rtt = loopbackRoundTrips();
        if (rtt != null)
        {
            out.put("loopback TCP round trip p50 ms", rtt.getValueAtPercentile(50) / 1000.0);
            out.put("loopback TCP round trip p99 ms", rtt.getValueAtPercentile(99) / 1000.0);
            out.put("loopback TCP round trip max ms", rtt.getMaxValue() / 1000.0);
        }
        else
        {
            out.put("loopback TCP round trip", "not measured (loopback socket failed)");
        }
        return out;
    }

    private static double clockNanos()
    {
        long sink = 0;
        final int n = 2_000_000;
        final long start = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            sink += System.nanoTime();
        }
        final long took = System.nanoTime() - start;
        return sink == 42 ? 0 : (double)took / n;
    }

    private static double decodeRecordNanos()
    {
        final ObjectMapper json = new ObjectMapper();
        final Recorder r = new Recorder(1, SeriesRecorder.HIGHEST_MICROS, 3);
        final int n = 50_000;
        long start = 0;
        for (int i = 0; i < 2 * n; i++)
        {
            if (i == n)
            {
                start = System.nanoTime(); // second half: after JIT warm-up
            }
            try
            {
                final long t =
                    json.readTree("{\"type\":\"pong\",\"t\":" + i + ",\"server_ns\":123456789}").path("t").asLong();
                r.recordValue(Math.max(0, (System.nanoTime() - t) / 1_000_000_000L));
            }
            catch (final IOException e)
            {
                return Double.NaN;
            }
        }
        return (double)(System.nanoTime() - start) / n;
    }

    private static Histogram loopbackRoundTrips()
    {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread echo = new Thread(() -> echo(server), "bench-loopback-echo");
            echo.setDaemon(true);
            echo.start();
            final Histogram h = new Histogram(1, SeriesRecorder.HIGHEST_MICROS, 3);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()))
            {
                s.setTcpNoDelay(true);
                s.setSoTimeout(5_000);
                final byte[] msg = new byte[64];
                final OutputStream out = s.getOutputStream();
                final InputStream in = s.getInputStream();
                for (int i = 0; i < WARMUP + ROUND_TRIPS; i++)
                {
                    final long t0 = System.nanoTime();
                    out.write(msg);
                    int got = 0;
                    while (got < msg.length)
                    {
                        final int r = in.read(msg, got, msg.length - got);
                        if (r < 0)
                        {
                            return null;
                        }
                        got += r;
                    }
                    if (i >= WARMUP)
                    {
                        h.recordValue(Math.min(SeriesRecorder.HIGHEST_MICROS, (System.nanoTime() - t0) / 1_000));
                    }
                }
            }
            return h;
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    private static void echo(final ServerSocket server)
    {
        try (Socket s = server.accept())
        {
            s.setTcpNoDelay(true);
            final byte[] buf = new byte[256];
            final InputStream in = s.getInputStream();
            final OutputStream out = s.getOutputStream();
            int r;
            while ((r = in.read(buf)) > 0)
            {
                out.write(buf, 0, r);
            }
        }
        catch (final IOException e)
        {
            // the client closed: done
        }
    }
}
