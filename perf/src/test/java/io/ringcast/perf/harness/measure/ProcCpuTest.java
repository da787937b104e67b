package io.ringcast.perf.harness.measure;

import io.ringcast.perf.harness.target.ProcCpu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server CPU from /proc/PID/stat. */
@Tag("unit")
class ProcCpuTest
{
    @Test
    void shouldReadThisProcessAndSeeItGrow()
    {
        final long pid = ProcessHandle.current().pid();
        final long before = ProcCpu.nanos(pid);
        assertTrue(before > 0, "cpu " + before);
        // Spin for 200 ms of this thread's own CPU time, however busy the machine is.
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long end = threads.getCurrentThreadCpuTime() + 200_000_000L;
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() < end)
        {
            spin++;
        }
        assertTrue(ProcCpu.nanos(pid) - before >= 150_000_000L, "200 ms of spinning (" + spin + " rounds) shows");
        assertEquals(-1, ProcCpu.nanos(Long.MAX_VALUE));
    }
}
