package io.ringcast.gateway;

import io.ringcast.bridge.daemon.DaemonLogging;
import io.ringcast.bridge.daemon.UsageErrors;
import io.ringcast.bridge.daemon.VersionProvider;
import io.ringcast.gateway.config.LayeredDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/** {@code ringcast} command line of the daemon jar: {@code ringcast serve [options]}, {@code ringcast --version}. */
@Command(name = "ringcast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Latency-tuned streaming gateway for real-time voice and multi-modal AI.",
    subcommands = {ServeCommand.class})
public final class RingcastMain implements Runnable
{
    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    /** @param args {@code serve ...}, {@code --version}, {@code --help}. */
    public static void main(final String[] args)
    {
        DaemonLogging.routeLibraries();
        // A non-daemon thread keeps the JVM up while serving; exit with the command's status otherwise.
        System.exit(run(args, System.getenv(), System.err));
    }

    /**
     * Runs the command line; returns when the command is done (for {@code serve}: after draining).
     *
     * @param args the command line.
     * @param env  the environment ({@code RINGCAST_*} settings, {@code RINGCAST_CONFIG}).
     * @param err  where configuration errors go.
     * @return the exit status: 0, 2 for a usage or configuration error.
     */
    static int run(final String[] args, final Map<String, String> env, final PrintStream err)
    {
        final LayeredDefaults.Loaded loaded = LayeredDefaults.load(args, env);
        if (loaded.error() != null)
        {
            err.println("ringcast: " + loaded.error());
            return 2;
        }
        final CommandLine cli = new CommandLine(new RingcastMain()).setDefaultValueProvider(loaded.defaults())
            .setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler(new UsageErrors(loaded.defaults()::origin));
        if (args.length > 0 && "serve".equals(args[0]) && !asksForHelp(args))
        {
            final String unknown = loaded.defaults().unknownKey();
            if (unknown != null)
            {
                err.println("ringcast serve: " + unknown);
                return 2;
            }
        }
        return cli.execute(args);
    }

    private static boolean asksForHelp(final String[] args)
    {
        for (final String a : args)
        {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"))
            {
                return true;
            }
        }
        return false;
    }
}
