package io.ringcast.gateway.realtime;

import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.GatewayConfig;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code realtime_priority}: the pacing (stream group), IO, bridge-agent and embedded worker threads of a real gateway
 * run at {@code SCHED_FIFO},
 * read back from {@code /proc}; other threads, and threads those create, do not; where the process may not have it,
 * the daemon serves at normal priority and says why.
 */
@Tag("integration")
class RealtimeSchedulingTest
{
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    /** A thread's scheduling, from {@code /proc/self/task/TID/stat}: fields 40 (rt_priority) and 41 (policy). */
    private record Sched(String tid, String name, int priority, int policy)
    {
        static Sched read(final String tid, final String name, final Path stat) throws IOException
        {
            final String text = Files.readString(stat);
            // Fields after the command name (which may hold spaces) start at field 3.
            final String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
            return new Sched(tid, name, Integer.parseInt(f[40 - 3]), Integer.parseInt(f[41 - 3]));
        }
    }

    private static List<Sched> threads() throws IOException
    {
        final List<Sched> all = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                try
                {
                    final String name = Files.readString(task.resolve("comm")).trim();
                    all.add(Sched.read(task.getFileName().toString(), name, task.resolve("stat")));
                }
                catch (final IOException e)
                {
                    // the thread ended while we looked
                }
            }
        }
        return all;
    }

    private static Sched own() throws IOException
    {
        return Sched.read("self", Thread.currentThread().getName(), Path.of("/proc/thread-self/stat"));
    }

    /** @return whether this process may run threads at SCHED_FIFO 10 (tried on a thread of its own). */
    private static boolean permitted() throws InterruptedException
    {
        final AtomicReference<String> why = new AtomicReference<>("not run");
        final Thread t = new Thread(() -> why.set(new RealtimeScheduling(10, 1).enter()));
        t.start();
        t.join();
        return why.get() == null;
    }

    @Test
    void shouldRunTheGroupIoBridgeAgentAndEmbeddedWorkerThreadsAtTheRealtimePriorityAndDeliverAudio() throws Exception
    {
        assumeTrue(Path.of("/proc/self/task").toFile().isDirectory(), "Linux only");
        final boolean permitted = permitted();
        final GatewayConfig config = Gateways.config().toBuilder().realtimePriority(10).build();
        // Threads of gateways other tests left in this JVM have the same names: only threads started from here count.
        final Set<String> before = threads().stream().map(Sched::tid).collect(Collectors.toSet());
        try (GatewayServer server = GatewayServer.start(config);
            TestClient client = TestClient.connect(Gateways.url(server)))
        {
            final String summary = server.realtime().summary(Duration.ofSeconds(10));
            client.await("ready");
            client.send("{\"type\":\"speak\",\"id\":\"a\",\"text\":\"hello\"}");
            assertNotNull(client.await(r -> "audio_end".equals(r.type()), 20_000), "audio flows either way");
            assertFalse(client.frames().isEmpty());
            final List<Sched> all = threads().stream().filter(t -> !before.contains(t.tid())).toList();
            final List<Sched> groups = all.stream().filter(s -> s.name().startsWith("ringcast-group")).toList();
            final List<Sched> io = all.stream().filter(s -> s.name().contains("I/O-")).toList();
            final List<Sched> agent = all.stream().filter(s -> s.name().equals("bridge-agent")).toList();
            final List<Sched> worker = all.stream().filter(s -> s.name().startsWith("worker-")).toList();
            assertEquals(config.engine().groups(), groups.size(), all.toString());
            assertEquals(config.ioThreads(), io.size(), all.toString());
            assertEquals(1, agent.size(), all.toString());
            assertEquals(2, worker.size(), "the embedded worker's one simulated GPU and its clock: " + all);
            final int expectedPolicy = permitted ? SCHED_FIFO : SCHED_OTHER;
            final List<Sched> pacing = Stream.of(groups, io).flatMap(List::stream).toList();
            final List<Sched> firstChunk = Stream.of(agent, worker).flatMap(List::stream).toList();
            final List<Sched> listed = Stream.of(pacing, firstChunk).flatMap(List::stream).toList();
            for (final Sched s : listed)
            {
                assertEquals(expectedPolicy, s.policy(), s + " (" + summary + ")");
                // The first chunk's threads one below the pacing threads, which they must not keep off a core.
                assertEquals(permitted ? (pacing.contains(s) ? 10 : 9) : 0, s.priority(), s + " (" + summary + ")");
            }
            assertTrue(all.stream().filter(s -> s.name().startsWith("bridge-timer") || s.name().startsWith("grpc-"))
                .allMatch(s -> s.policy() == SCHED_OTHER), "only the listed threads: " + all);
            assertEquals(permitted, server.realtime().allGranted(), summary);
            assertTrue(permitted
                ? summary.endsWith(listed.size() + " thread(s) at SCHED_FIFO priority 10 (" + firstChunk.size() +
                    " of them at 9)")
                : summary.contains("not permitted: the process needs CAP_SYS_NICE"), summary);
        }
    }

    @Test
    void shouldNotPassTheRealtimePriorityOnToThreadsARealtimeThreadCreates() throws Exception
    {
        assumeTrue(Path.of("/proc/thread-self/stat").toFile().exists(), "Linux only");
        assumeTrue(permitted(), "this process may not use SCHED_FIFO");
        final RealtimeScheduling realtime = new RealtimeScheduling(7, 1);
        final AtomicReference<Sched> parent = new AtomicReference<>();
        final AtomicReference<Sched> child = new AtomicReference<>();
        final Thread t = realtime.threadFactory().newThread(() ->
        {
            try
            {
                parent.set(own());
                final Thread c = new Thread(() ->
                {
                    try
                    {
                        child.set(own());
                    }
                    catch (final IOException e)
                    {
                        throw new IllegalStateException(e);
                    }
                });
                c.start();
                c.join();
            }
            catch (final IOException | InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        assertEquals(SCHED_FIFO, parent.get().policy());
        assertEquals(7, parent.get().priority());
        assertEquals(SCHED_OTHER, child.get().policy(), "SCHED_RESET_ON_FORK: a helper thread it starts is normal");
        assertEquals("realtime scheduling: 1 thread(s) at SCHED_FIFO priority 7", realtime.summary(Duration.ZERO));
    }

    @Test
    void shouldAdviseOneGroupAndOneIoThreadPerCoreWhenEverySessionSharesOne()
    {
        assertEquals("realtime scheduling: 1 stream group(s) and 1 IO thread(s) on 2 cores: every session waits on " +
            "the same group thread when its core stops; --groups 2 --io-threads 2 spreads them (docs/operations.md)",
            RealtimeScheduling.spreadHint(1, 1, 2));
        assertEquals("realtime scheduling: 2 stream group(s) and 1 IO thread(s) on 8 cores: every session waits on " +
            "the same IO thread when its core stops; --groups 4 --io-threads 4 spreads them (docs/operations.md)",
            RealtimeScheduling.spreadHint(2, 1, 8));
        assertNull(RealtimeScheduling.spreadHint(2, 2, 2), "spread already");
        assertNull(RealtimeScheduling.spreadHint(4, 4, 16), "spread already, if not over every core");
        assertNull(RealtimeScheduling.spreadHint(1, 1, 1), "one core: nothing to spread over");
    }

    @Test
    void shouldRefuseARealtimePriorityForThreadsThatSpin()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Gateways.config().toBuilder().engine(EngineConfig.builder().idle("busy-spin").build())
                .realtimePriority(10).build());
        assertEquals("realtime_priority needs idle=backoff: a real-time thread that spins or yields (idle=busy-spin) " +
            "would keep its core from every other thread", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RealtimeScheduling(100, 1));
        assertThrows(IllegalArgumentException.class, () -> Gateways.config().toBuilder().realtimePriority(100));
    }
}
