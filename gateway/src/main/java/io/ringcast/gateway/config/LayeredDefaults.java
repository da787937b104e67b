package io.ringcast.gateway.config;

import io.ringcast.bridge.daemon.UsageErrors;
import io.ringcast.settings.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picocli defaults from the lower layers of configuration: a value not given as a flag comes from a
 * {@code RINGCAST_<KEY>} environment variable ({@code RINGCAST_MAX_CONNECTIONS}), else from the properties
 * file ({@code --config FILE}, keys like {@code max_connections}), else from the setting's default (each setting of
 * serve is declared once, in {@link ServeSettings}; the variable's and the key's names derive from it).
 * So the order of precedence is flags, environment, file, defaults: the environment of one deployment
 * overrides the file it shares with others, as twelve-factor tools do. A key that no option has is an
 * error ({@link #unknownKey}), so a typo is not silently ignored.
 */
public final class LayeredDefaults implements CommandLine.IDefaultValueProvider
{
    /** Prefix of the environment variables that carry settings. */
    public static final String ENV_PREFIX = Setting.ENV_PREFIX;

    /** {@code RINGCAST_*} variables that are not settings of serve: the launcher's and the tests'. */
    static final Set<String> NOT_SETTINGS =
        Set.of("RINGCAST_CONFIG", "RINGCAST_HEAP", "RINGCAST_PRETOUCH", "RINGCAST_CDS", "RINGCAST_JAVA",
            "RINGCAST_JAVA_OPTS", "RINGCAST_TEST", "RINGCAST_REQUIRE_EXTERNALS", "RINGCAST_WORKER_PORT");

    private final Properties file;
    private final String fileName;
    private final Map<String, String> env;

    /** Only the settings' own defaults: no file, no environment (what {@code serve} has without {@link #load}). */
    public LayeredDefaults()
    {
        this(new Properties(), null, Map.of());
    }

    /**
     * @param file     properties from the config file (may be empty).
     * @param fileName the file's name for messages, or null when there is none.
     * @param env      the environment.
     */
    public LayeredDefaults(final Properties file, final String fileName, final Map<String, String> env)
    {
        this.file = file;
        this.fileName = fileName;
        this.env = env;
    }

    /**
     * What {@link #load} found: the defaults, or why the file could not be read.
     *
     * @param defaults the provider, or null on error.
     * @param error    a one-line message, or null.
     */
    public record Loaded(LayeredDefaults defaults, String error)
    {
    }

    /**
     * Find {@code --config FILE} (or {@code RINGCAST_CONFIG}) before parsing and load it.
     *
     * @param args the command line.
     * @param env  the environment.
     * @return the provider, or a one-line error naming the file when it cannot be read.
     */
    public static Loaded load(final String[] args, final Map<String, String> env)
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
            catch (final NoSuchFileException e)
            {
                return new Loaded(null, "config file " + path + " not found");
            }
            catch (final AccessDeniedException e)
            {
                return new Loaded(null, "config file " + path + " is not readable (permission denied)");
            }
            catch (final IOException | IllegalArgumentException e)
            {
                return new Loaded(null, "cannot read config file " + path + ": " + e.getMessage());
            }
        }
        return new Loaded(new LayeredDefaults(props, path, env), null);
    }

    /**
     * @return null when every key of the file and every {@code RINGCAST_*} variable is a setting of serve
     *     ({@link ServeSettings}); else a one-line error naming the first unknown one and the nearest valid key.
     */
    public String unknownKey()
    {
        final Set<String> keys = new TreeSet<>(ServeSettings.keys());
        for (final String raw : new TreeSet<>(file.stringPropertyNames()))
        {
            final String k = raw.trim().replace('-', '_');
            if (!keys.contains(k))
            {
                return "unknown key '" + raw + "' in " + Path.of(fileName).getFileName() + "; did you mean '" +
                    UsageErrors.nearest(k, keys) + "'?";
            }
        }
        for (final String name : new TreeSet<>(env.keySet()))
        {
            if (name.startsWith(ENV_PREFIX) && !NOT_SETTINGS.contains(name)
                && !keys.contains(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)))
            {
                final String k = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
                return "unknown environment variable " + name + "; did you mean " + ENV_PREFIX +
                    UsageErrors.nearest(k, keys).toUpperCase(Locale.ROOT) + "?";
            }
        }
        return null;
    }

    @Override
    public String defaultValue(final CommandLine.Model.ArgSpec spec)
    {
        if (!(spec instanceof OptionSpec option))
        {
            return null;
        }
        final Setting<?> setting = ServeSettings.byKey(key(option.longestName()));
        if (setting == null)
        {
            return null;
        }
        final String fromEnv = env.get(setting.envName());
        if (fromEnv != null)
        {
            return fromEnv;
        }
        final String key = setting.key();
        final String fromFile = file.getProperty(key, file.getProperty(key.replace('_', '-')));
        return fromFile == null ? setting.defaultString() : fromFile.trim();
    }

    /**
     * @param option an option of serve.
     * @return where its value comes from when the command line does not give it: the environment variable
     *     ({@code RINGCAST_PORT}) or the key in the config file ({@code 'port' in ringcast.conf}); null for the
     *     setting's default or an option that is no setting.
     */
    public String origin(final OptionSpec option)
    {
        final Setting<?> setting = ServeSettings.byKey(key(option.longestName()));
        if (setting == null)
        {
            return null;
        }
        if (env.get(setting.envName()) != null)
        {
            return setting.envName();
        }
        final String key = setting.key();
        for (final String k : new String[]{key, key.replace('_', '-')})
        {
            if (file.getProperty(k) != null)
            {
                return "'" + k + "' in " + Path.of(fileName).getFileName();
            }
        }
        return null;
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
