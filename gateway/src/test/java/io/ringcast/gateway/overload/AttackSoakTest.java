package io.ringcast.gateway.overload;

import io.ringcast.gateway.fault.ChildProcesses;
import io.ringcast.gateway.support.Bystander;
import io.ringcast.gateway.support.Scrape;
import io.ringcast.gateway.support.TcpSockets;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's targets, against a real {@code ringcast serve} process with default flags and a 1 GB heap: while 20
 * bystander sessions speak, attackers stream a text frame that declares 2^40 bytes, trickle a fragmented text
 * that never ends, and send frames whose 64-bit length has its top bit set, each reconnecting whenever the
 * daemon closes it. The daemon's live heap (read over JMX after a forced full GC) stays within 64 MB of its
 * idle level, it prints no {@code OutOfMemoryError}, every bystander utterance comes whole, and no socket of
 * its port is left established or in CLOSE-WAIT once the attackers leave. Runs 5 s in the suite, and as long
 * as asked with {@code -Dringcast.attackSeconds=60} (docs/reliability.md).
 */
@Tag("integration")
class AttackSoakTest
{
    private static final int SECONDS = Integer.getInteger("ringcast.attackSeconds", 5);
    /**
     * More JVM options for the daemon, e.g. {@code -Dringcast.attackJvmOptions="-XX:+UseZGC -XX:TieredStopAtLevel=4"}
     * for the collector and compiler {@code ./ringcast serve} runs with (the tests' default is Serial GC and C1, to
     * start fast).
     */
    private static final List<String> JVM_OPTIONS =
        List.of(System.getProperty("ringcast.attackJvmOptions", "").trim().split("\\s+")).stream()
            .filter(o -> !o.isEmpty()).toList();
    private static final int BYSTANDERS = 20;
    private static final long HEAP_SLACK = 64L * 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    /** Attacker threads of each kind, as the harness had them. */
    private static final Map<FrameAttacker.Kind, Integer> ATTACKERS = new EnumMap<>(Map.of(
        FrameAttacker.Kind.HUGE_FRAME, 4, FrameAttacker.Kind.ENDLESS_FRAGMENTS, 4, FrameAttacker.Kind.TOP_BIT_LENGTH,
        2));

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void tearDown()
    {
        children.close();
    }

    @Test
    void shouldKeepHeapBystandersAndSocketsWholeUnderTheFrameAttacks() throws Exception
    {
        final int port = ChildProcesses.freePort();
        final int jmxPort = ChildProcesses.freePort();
        final List<String> jvm = new ArrayList<>(List.of("-Xmx1g",
            "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
            "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
            "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false"));
        jvm.addAll(JVM_OPTIONS);
        final long launched = System.nanoTime();
        final ChildProcesses.Child daemon = children.daemon(jvm, port);
        final long serving = System.nanoTime();
        final String url = "ws://127.0.0.1:" + port + "/v1/stream";
        try (JMXConnector jmx = JMXConnectorFactory.connect(
            new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi")))
        {
            final MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            final List<Bystander> bystanders = new ArrayList<>();
            final List<FrameAttacker> attackers = new ArrayList<>();
            final List<FrameAttacker.Tally> tallies =
                ATTACKERS.keySet().stream().map(FrameAttacker.Tally::new).toList();
            final AtomicBoolean attacking = new AtomicBoolean(true);
            try
            {
                // Idle: every bystander has spoken its reference utterance (classes loaded, pools warm) and waits.
                bystanders.addAll(connect(url));
                final long connected = System.nanoTime();
                final long idle = liveHeap(memory);
                bystanders.forEach(Bystander::speakOnAndOn);
                final long speaking = liveHeap(memory);

                for (final FrameAttacker.Tally t : tallies)
                {
                    for (int i = 0; i < ATTACKERS.get(t.kind()); i++)
                    {
                        attackers.add(FrameAttacker.start(port, attacking, t));
                    }
                }
                final long start = System.nanoTime();
                final long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
                final long interval = TimeUnit.SECONDS.toNanos(Math.max(2, SECONDS / 6));
                final List<Long> underAttack = new ArrayList<>();
                long inboundPeak = 0;
                for (long next = start + interval; next < end; next += interval)
                {
                    TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
                    underAttack.add(liveHeap(memory));
                    inboundPeak = Math.max(inboundPeak, inboundBuffered(port));
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
                attacking.set(false);
                bystanders.forEach(Bystander::stopSpeaking); // each ends the utterance under way, meanwhile
                for (final FrameAttacker a : attackers)
                {
                    a.join();
                }

                // The attackers left; the bystanders are still connected: only their sockets may be established.
                final Map<String, Integer> sockets = awaitSockets(port, BYSTANDERS);
                final List<String> problems = new ArrayList<>();
                int utterances = 0;
                for (final Bystander b : bystanders)
                {
                    b.close();
                    utterances += b.utterances();
                    problems.addAll(b.problems());
                }
                bystanders.clear();
                final Map<String, Integer> socketsAfterAll = awaitSockets(port, 0);
                final long after = liveHeap(memory);
                final long done = System.nanoTime();
                final long peak = underAttack.stream().mapToLong(Long::longValue).max().orElse(after);
                final int ooms = daemon.linesContaining("OutOfMemoryError");
                final long inboundAfter = inboundBuffered(port);

                System.out.printf("[hostile] soak %d s %s: live heap idle %d MB, speaking %d MB, under attack %s MB " +
                    "(peak +%d MB over idle, target 64), after %d MB; inbound buffered at most %d KB, after %d; " +
                    "%d OutOfMemoryError; bystanders %d utterances, %d cut short or misreported; attack " +
                    "connections %s; sockets on the port after the attackers left %s (20 bystanders still " +
                    "connected), after all %s; load average %s; took %.1f s (daemon start %.1f, bystanders' " +
                    "reference utterances %.1f, after the attack %.1f)%n",
                    SECONDS, JVM_OPTIONS, idle / MIB, speaking / MIB, underAttack.stream().map(h -> h / MIB).toList(),
                    (peak - idle) / MIB, after / MIB, inboundPeak / 1024, inboundAfter, ooms, utterances,
                    problems.size(),
                    tallies,
                    sockets, socketsAfterAll, loadAverage(), seconds(launched, done), seconds(launched, serving),
                    seconds(serving, connected), seconds(end, done));

                assertTrue(daemon.process.isAlive(), "the daemon survived");
                assertEquals(0, ooms, "OutOfMemoryError in the daemon's output");
                assertEquals(0, inboundAfter, "inbound bytes still held after the attack (/metrics)");
                assertEquals(List.of(), problems, "bystander utterances cut short or misreported");
                assertTrue(utterances >= BYSTANDERS, "the bystanders spoke during the attack: " + utterances);
                for (final FrameAttacker.Tally t : tallies)
                {
                    assertTrue(t.connections() >= ATTACKERS.get(t.kind()), "the attack ran: " + t);
                    assertEquals(0, t.notClosed(), "connections the daemon did not close within " +
                        FrameAttacker.CLOSE_WITHIN_MS + " ms: " + t);
                    assertEquals(0, t.refusedHandshakes(), "the daemon kept accepting connections: " + t);
                    assertTrue(t.closeCodes().getOrDefault(t.kind().expected, 0) > 0, "closed as RFC 6455 says: " + t);
                    // 1006: the daemon closed with the attacker's bytes unread: the kernel's reset may overtake its
                    // close frame
                    final Set<Integer> others = new TreeSet<>(t.closeCodes().keySet());
                    others.removeAll(Set.of(t.kind().expected, 1006));
                    assertEquals(Set.of(), others, "close codes other than " + t.kind().expected + ": " + t);
                }
                assertEquals(0, sockets.getOrDefault("CLOSE_WAIT", 0), "CLOSE-WAIT after the attack: " + sockets);
                assertEquals(BYSTANDERS, sockets.getOrDefault("ESTABLISHED", 0),
                    "established after the attack (the bystanders only): " + sockets);
                assertEquals(0, socketsAfterAll.getOrDefault("CLOSE_WAIT", 0) +
                    socketsAfterAll.getOrDefault("ESTABLISHED", 0), "sockets left: " + socketsAfterAll);
                assertTrue(peak - idle <= HEAP_SLACK,
                    "live heap under attack " + peak / MIB + " MB, idle " + idle / MIB + " MB");
                assertTrue(after - idle <= HEAP_SLACK, "live heap after " + after / MIB + " MB");
            }
            finally
            {
                attacking.set(false);
                for (final FrameAttacker a : attackers)
                {
                    a.join();
                }
                for (final Bystander b : bystanders)
                {
                    b.close();
                }
            }
        }
    }

    /** @return bystanders connected at once, each with its reference utterance spoken. */
    private static List<Bystander> connect(final String url) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(BYSTANDERS);
        try
        {
            final List<Future<Bystander>> connecting = new ArrayList<>();
            for (int i = 0; i < BYSTANDERS; i++)
            {
                connecting.add(pool.submit(() -> Bystander.connect(url)));
            }
            final List<Bystander> connected = new ArrayList<>();
            for (final Future<Bystander> f : connecting)
            {
                connected.add(f.get(60, TimeUnit.SECONDS));
            }
            return connected;
        }
        finally
        {
            pool.shutdown();
        }
    }

    /** @return bytes of heap in use right after a full collection (MemoryMXBean.gc: System.gc, Serial GC). */
    private static long liveHeap(final MemoryMXBean memory)
    {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * @return the kernel's sockets on the daemon's port, once at most {@code established} are established and none
     *         is in CLOSE-WAIT (or as they are after 10 s): the daemon's side of a connection it just closed may
     *         take a moment.
     */
    private static Map<String, Integer> awaitSockets(final int port, final int established) throws Exception
    {
        if (!TcpSockets.available())
        {
            return Map.of("ESTABLISHED", established, "unknown: no /proc/net/tcp", 1);
        }
        Await.until(() ->
        {
            final Map<String, Integer> s = TcpSockets.onLocalPort(port);
            return s.getOrDefault("ESTABLISHED", 0) <= established && s.getOrDefault("CLOSE_WAIT", 0) == 0;
        }, Duration.ofSeconds(10));
        return TcpSockets.onLocalPort(port);
    }

    /** @return {@code ringcast_inbound_buffered_bytes} of the daemon's {@code /metrics}. */
    private static long inboundBuffered(final int port) throws Exception
    {
        return (long)Scrape.value("http://127.0.0.1:" + port, "ringcast_inbound_buffered_bytes");
    }

    private static double seconds(final long fromNanos, final long toNanos)
    {
        return (toNanos - fromNanos) / 1e9;
    }

    private static String loadAverage()
    {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
