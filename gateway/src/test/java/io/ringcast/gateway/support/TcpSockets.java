package io.ringcast.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's view of this machine's TCP sockets (Linux {@code /proc/net/tcp} and {@code tcp6}), so a test
 * can tell whether a server left sockets established or in CLOSE-WAIT on its port, as {@code ss -tan} would.
 */
public final class TcpSockets
{
    private static final String[] STATES =
        {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
            "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private TcpSockets()
    {
    }

    /** @return true where the kernel's socket tables can be read (Linux). */
    public static boolean available()
    {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** @return how many sockets whose local port is {@code port} are in each state (LISTEN included). */
    public static Map<String, Integer> onLocalPort(final int port) throws IOException
    {
        final Map<String, Integer> states = new TreeMap<>();
        for (final String table : List.of("/proc/net/tcp", "/proc/net/tcp6"))
        {
            final Path p = Path.of(table);
            if (!Files.isReadable(p))
            {
                continue;
            }
            for (final String line : Files.readAllLines(p))
            {
                final String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":"))
                {
                    continue;
                }
                final int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                final int state = Integer.parseInt(f[3], 16);
                if (local == port)
                {
                    states.merge(state < STATES.length ? STATES[state] : "0x" + f[3], 1, Integer::sum);
                }
            }
        }
        return states;
    }
}
