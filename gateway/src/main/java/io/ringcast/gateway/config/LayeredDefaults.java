package io.ringcast.gateway.config;

import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Picocli defaults from the lower layers of configuration: a value not given as a flag comes from the
 * properties file ({@code --config FILE}, keys like {@code max_connections}), else from the environment
 * ({@code RINGCAST_MAX_CONNECTIONS}), else from the option's built-in default. So the order of
 * precedence is flags, file, environment, defaults.
 */
public final class LayeredDefaults implements CommandLine.IDefaultValueProvider
{
    private final Properties file;
    private final Map<String, String> env;

    /**
     * @param file properties from the config file (may be empty).
     * @param env  the environment.
     */
    public LayeredDefaults(final Properties file, final Map<String, String> env)
    {
        this.file = file;
        this.env = env;
    }

    /**
     * Find {@code --config FILE} (or {@code RINGCAST_CONFIG}) before parsing and load it.
     *
     * @param args the command line.
     * @param env  the environment.
     * @return the provider.
     * @throws IOException if the file cannot be read.
     */
    public static LayeredDefaults load(final String[] args, final Map<String, String> env) throws IOException
    {
        String path = env.get("RINGCAST_CONFIG");
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("--config") && i + 1 < args.length)
            {
                path = args[i + 1];
            }
            else if (args[i].startsWith("--config="))
            {
                path = args[i].substring("--config=".length());
            }
        }
        final Properties props = new Properties();
        if (path != null)
        {
            try (Reader r = Files.newBufferedReader(Path.of(path)))
            {
                props.load(r);
            }
        }
        return new LayeredDefaults(props, env);
    }

    @Override
    public String defaultValue(final CommandLine.Model.ArgSpec spec)
    {
        if (!(spec instanceof CommandLine.Model.OptionSpec option))
        {
            return null;
        }
        final String key = key(option.longestName());
        final String fromFile = file.getProperty(key, file.getProperty(key.replace('_', '-')));
        if (fromFile != null)
        {
            return fromFile.trim();
        }
        return env.get("RINGCAST_" + key.toUpperCase(Locale.ROOT));
    }

    /**
     * @param optionName {@code --max-connections}.
     * @return the configuration key {@code max_connections}.
     */
    public static String key(final String optionName)
    {
        return optionName.replaceFirst("^-+", "").replace('-', '_');
    }
}
