package io.ringcast.bridge.worker;

import io.ringcast.bridge.daemon.DaemonLogging;
import io.ringcast.bridge.daemon.UsageErrors;
import picocli.CommandLine;

import java.util.Arrays;

/** Main class of {@code ringcast-worker.jar}: {@code java -jar ringcast-worker.jar worker [options]}. */
public final class WorkerMain
{

    private WorkerMain()
    {
    }

    /** Runs {@code worker [options]}; exits with 2 on any other first argument. */
    public static void main(final String[] args)
    {
        DaemonLogging.routeLibraries();
        if (args.length == 0 || !"worker".equals(args[0]))
        {
            System.err.println("usage: ringcast worker [options]   (ringcast worker --help lists them)");
            System.exit(2);
        }
        System.exit(new CommandLine(new WorkerCommand())
            .setParameterExceptionHandler(new UsageErrors(o -> null))
            .execute(Arrays.copyOfRange(args, 1, args.length)));
    }
}
