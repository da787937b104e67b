package io.ringcast.perf.harness.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used: {@code utime + stime} from {@code /proc/PID/stat} (Linux), so a server's
 * cost per frame delivered can be put beside another's, whatever language it is written in.
 */
public final class ProcCpu
{
    /**
     * Clock ticks per second of {@code /proc/PID/stat} ({@code USER_HZ}): 100 on every Linux architecture the
     * JDK runs on; the JDK offers no {@code sysconf(_SC_CLK_TCK)}.
     */
    public static final long TICKS_PER_SECOND = 100;

    private ProcCpu()
    {
    }

    /**
     * @param pid a process id.
     * @return its user + system CPU time so far in ns (10 ms resolution), or -1 when it cannot be read.
     */
    public static long nanos(final long pid)
    {
        try
        {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        }
        catch (final IOException | RuntimeException e)
        {
            return -1;
        }
    }

    /**
     * @param stat the text of a {@code /proc/PID/stat}.
     * @return utime + stime in ns, or -1 when the text is not such a line.
     */
    static long parse(final String stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        final int close = stat.lastIndexOf(')');
        if (close < 0)
        {
            return -1;
        }
        final String[] f = stat.substring(close + 2).trim().split(" ");
        if (f.length < 13)
        {
            return -1;
        }
        // After ')' come state (field 3) ... utime is field 14 and stime field 15, indexes 11 and 12 here.
        final long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
