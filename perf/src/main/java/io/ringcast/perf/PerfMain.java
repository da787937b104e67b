package io.ringcast.perf;

import java.util.Arrays;

/**
 * Entry point of benchmarks.jar: {@code bench ...} runs the perf harness, {@code report DIR} renders a
 * daemon's histogram logs; anything else goes to JMH's own command line ({@code -h} lists its options, {@code -l} the
 * benchmarks).
 */
public final class PerfMain
{
    private PerfMain()
    {
    }

    /**
     * @param args {@code bench ...}, or JMH arguments.
     * @throws Exception what JMH throws.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && args[0].equals("bench"))
        {
            System.exit(io.ringcast.perf.harness.BenchCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("report"))
        {
            System.exit(io.ringcast.perf.report.ReportCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }
}
