package io.ringcast.bridge.worker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class WorkerCommandTest
{

    @Test
    void shouldListEveryFlagWithItsDefaultInHelp()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cmd = new CommandLine(new WorkerCommand());
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("--help"));
        final String help = out.toString().replaceAll("\\s+", " ");
        for (final String s : new String[]{"--port", "default: 7001", "--bind", "default: 127.0.0.1", "--redis",
            "--synth", "default: tones", "espeak-ng", "--cost-model", "default: h100", "--fixed-ms", "default: 12)",
            "--per-audio-second-ms", "default: 0.55", "--min-batch-ms", "default: 13)", "--max-concurrent",
            "default: 1"})
        {
            assertTrue(help.contains(s), "help lacks '" + s + "':\n" + help);
        }
    }

    @Test
    void shouldBuildConfigFromFlags()
    {
        final WorkerCommand c = new WorkerCommand();
        new CommandLine(c).parseArgs("--port", "0", "--fixed-ms", "20", "--per-audio-second-ms", "1", "--min-batch-ms",
            "25",
            "--max-concurrent", "3");
        final WorkerConfig cfg = c.config();
        assertEquals(new CostModel(20, 1, 25, 0.5), cfg.costModel());
        assertEquals(3, cfg.maxConcurrent());
        final WorkerCommand none = new WorkerCommand();
        new CommandLine(none).parseArgs("--cost-model", "none");
        assertEquals(CostModel.NONE, none.config().costModel());
        assertEquals(14_200_000L, CostModel.H100.batchLatencyNanos(4));
        assertEquals(13_000_000L, CostModel.H100.batchLatencyNanos(0), "at least min-batch-ms");
    }
}
