package io.ringcast.perf.gateway;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * What {@code --compression} buys and costs per text message: bytes on the wire and CPU time of
 * permessage-deflate (raw deflate, sync flush per message, context kept across messages, as a
 * connection does), for the gateway's typical messages. Usage:
 * {@code java -cp perf/target/benchmarks.jar io.ringcast.perf.gateway.DeflateCost [level]}.
 */
public final class DeflateCost
{
    private DeflateCost()
    {
    }

    /**
     * @param args optional deflate level (default 6).
     */
    public static void main(final String[] args)
    {
        final int level = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        final String data =
            "{\"caption\":\"a person walks into the frame from the " +
                "left\",\"boxes\":[[12,40,88,200],[140,36,210,190]]," +
                "\"scores\":[0.97,0.88],\"labels\":[\"person\",\"person\"],\"frame\":1234,\"ts\":1732291200.125}";
        final String[][] messages = {
            {"pong", "{\"type\":\"pong\",\"t\":12345.5,\"server_ns\":987654321012345}"},
            {"audio_start",
                "{\"type\":\"audio_start\",\"id\":\"u42\",\"utterance\":42,\"sample_rate\":16000,\"frame_ms\":20}"},
            {"topic message",
                "{\"type\":\"message\",\"seq\":%d,\"topic\":\"visual\",\"from\":\"s-1f\",\"data\":" + data + "}"},
            {"fuse_result",
                "{\"type\":\"fuse_result\",\"id\":\"f\",\"window\":%d,\"outputs\":{\"model\":\"summary\"," +
                    "\"streams\":{\"visual\":" +
                    "{\"count\":1,\"first\":" + data + ",\"last\":" + data +
                    ",\"digest\":\"3f5c0a\"}}},\"inputs\":{\"visual\":4},\"conflated\":3,\"latency_ms\":14.2}"},
        };
        System.out.printf("permessage-deflate level %d, context takeover, per message (after warm-up):%n", level);
        System.out.printf("%-14s %8s %10s %8s %10s%n", "message", "bytes", "deflated", "saved", "ns/msg");
        for (final String[] m : messages)
        {
            measure(m[0], m[1], level);
        }
    }

    private static void measure(final String name, final String template, final int level)
    {
        final Deflater deflater = new Deflater(level, true);
        final byte[] out = new byte[64 * 1024];
        long raw = 0;
        long deflated = 0;
        long nanos = 0;
        final int warm = 20_000;
        final int n = 100_000;
        for (int i = 0; i < warm + n; i++)
        {
            final byte[] in = String.format(template, i).getBytes(StandardCharsets.UTF_8);
            final long t0 = System.nanoTime();
            deflater.setInput(in);
            final int len = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            final long t1 = System.nanoTime();
            if (i >= warm)
            {
                raw += in.length;
                deflated += len - 4; // the 00 00 FF FF tail is not sent
                nanos += t1 - t0;
            }
        }
        deflater.end();
        System.out.printf("%-14s %8d %10d %7.0f%% %10d%n", name, raw / n, deflated / n, 100.0 * (raw - deflated) / raw,
            nanos / n);
    }
}
