package io.ringcast.gateway;

import io.ringcast.gateway.config.LayeredDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringcast} command line of the daemon jar: {@code ringcast serve [options]}. */
@Command(name = "ringcast", mixinStandardHelpOptions = true, version = "ringcast 0.1.0",
    description = "Latency-tuned streaming gateway for real-time voice and multi-modal AI.",
    subcommands = {ServeCommand.class})
public final class RingcastMain implements Runnable
{
    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    /**
     * @param args {@code serve ...}.
     * @throws Exception if the config file cannot be read.
     */
    public static void main(final String[] args) throws Exception
    {
        final CommandLine cli = new CommandLine(new RingcastMain())
            .setDefaultValueProvider(LayeredDefaults.load(args, System.getenv()));
        // A non-daemon thread keeps the JVM up while serving; exit with the command's status otherwise.
        final int status = cli.execute(args);
        System.exit(status);
    }
}
