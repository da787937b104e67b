package io.ringcast.bridge.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A usage error of a daemon's command line as one line on standard error and exit status 2, as the daemons' other
 * configuration errors are: picocli's own handler follows the message with the whole usage (over 250 lines for
 * {@code serve}), which pushes the one line that matters off the screen and into the middle of a log. A value that
 * did not come from the command line names where it came from, since picocli's message names the flag even when
 * the value was in an environment variable or a config file; a mistyped flag names the nearest one. The line starts
 * with the command ({@code ringcast serve:}), as the daemons' other configuration errors do.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler
{
    private final Function<OptionSpec, String> origin;

    /**
     * Picocli asks the handler of the top command for every error, also of a subcommand: set it there.
     *
     * @param origin where an option's value came from when not from the command line ({@code RINGCAST_PORT},
     *                {@code 'port' in ringcast.conf}), or null when only from the command line or a default.
     */
    public UsageErrors(final Function<OptionSpec, String> origin)
    {
        this.origin = origin;
    }

    /**
     * @param wrong      a mistyped name.
     * @param candidates the valid names.
     * @return the candidate with the least edit distance to {@code wrong} (the first of equals), null when none.
     */
    public static String nearest(final String wrong, final Collection<String> candidates)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String c : candidates)
        {
            final int d = distance(wrong, c);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine failed = ex.getCommandLine();
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message(ex, args));
        return 2;
    }

    /** @return the one line for {@code ex}: picocli's message, with where the value came from or a suggestion. */
    String message(final ParameterException ex, final String[] args)
    {
        final String text = ex.getMessage().replaceFirst("\\s+$", "");
        if (ex instanceof UnmatchedArgumentException unmatched)
        {
            final List<String> wrong = unmatched.getUnmatched();
            if (!wrong.isEmpty() && wrong.get(0).startsWith("--"))
            {
                final String name = wrong.get(0).split("=", 2)[0];
                final String near = nearest(name, ex.getCommandLine().getCommandSpec().optionsMap().keySet().stream()
                    .filter(n -> n.startsWith("--")).toList());
                return near == null ? text : text + "; did you mean " + near + "?";
            }
            // A mistyped command: picocli's own suggestion, the nearest subcommand.
            final List<String> commands = unmatched.getSuggestions();
            return commands.isEmpty() ? text : text + "; did you mean " + commands.get(0) + "?";
        }
        final ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec option && !onCommandLine(option, args))
        {
            final String from = origin.apply(option);
            if (from != null)
            {
                return text + " (from " + from + ")";
            }
        }
        return text;
    }

    private static boolean onCommandLine(final OptionSpec option, final String[] args)
    {
        for (final String a : args)
        {
            for (final String name : option.names())
            {
                if (a.equals(name) || a.startsWith(name + "="))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
    static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
