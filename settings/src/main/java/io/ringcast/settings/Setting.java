package io.ringcast.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One setting, declared once: its key (as in a {@code --config} properties file), its type, default, allowed values
 * and a one-line doc. The environment variable ({@code RINGCAST_MAX_CONNECTIONS}) and the flag
 * ({@code --max-connections}) are derived from the key, so builders, command lines, the environment and file layer and
 * docs/configuration.md cannot disagree about any of them (as Aeron's {@code Configuration} keeps
 * {@code *_PROP_NAME} and {@code *_DEFAULT} together). Immutable; declare as a {@code static final} field of the
 * module's {@code ...Configuration} class:
 *
 * <pre>{@code
 * public static final Setting<Integer> MAX_CONNECTIONS = Setting.ofInt("max_connections", 10_000).atLeast(1)
 *     .doc("global connection limit; above it the connection is closed with 1013");
 * }</pre>
 *
 * @param <T> the value's type.
 */
public final class Setting<T>
{
    /** Prefix of the environment variables that carry settings. */
    public static final String ENV_PREFIX = "RINGCAST_";

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final boolean computed;
    private final String allowed;
    private final Predicate<T> check;
    private final String doc;

    private Setting(final String key, final Class<T> type, final T defaultValue, final String defaultText,
        final boolean computed, final String allowed, final Predicate<T> check, final String doc)
    {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.computed = computed;
        this.allowed = allowed;
        this.check = check;
        this.doc = doc;
    }

    /**
     * @param key          lower case with underscores: {@code max_connections}.
     * @param type         the value's type.
     * @param defaultValue the default, or null for none (the setting is off or derived from others).
     * @param <T>          the value's type.
     * @return a setting that allows any value; narrow it with {@link #atLeast}, {@link #between} or {@link #allow}.
     */
    public static <T> Setting<T> of(final String key, final Class<T> type, final T defaultValue)
    {
        if (!key.matches("[a-z][a-z0-9_.<>]*"))
        {
            throw new IllegalArgumentException("a setting key is lower case with underscores, was '" + key + "'");
        }
        return new Setting<>(key, Objects.requireNonNull(type, "type"), defaultValue, null, false, null, v -> true, "");
    }

    /** @return an int setting; see {@link #of}. */
    public static Setting<Integer> ofInt(final String key, final int defaultValue)
    {
        return of(key, Integer.class, defaultValue);
    }

    /** @return a long setting; see {@link #of}. */
    public static Setting<Long> ofLong(final String key, final long defaultValue)
    {
        return of(key, Long.class, defaultValue);
    }

    /** @return a double setting; see {@link #of}. */
    public static Setting<Double> ofDouble(final String key, final double defaultValue)
    {
        return of(key, Double.class, defaultValue);
    }

    /** @return a boolean setting; see {@link #of}. */
    public static Setting<Boolean> ofBoolean(final String key, final boolean defaultValue)
    {
        return of(key, Boolean.class, defaultValue);
    }

    /** @return a string setting; see {@link #of}. */
    public static Setting<String> ofString(final String key, final String defaultValue)
    {
        return of(key, String.class, defaultValue);
    }

    /**
     * @param oneLine what the setting does and what a value means, for {@code --help} and docs/configuration.md
     *                (Markdown code spans allowed).
     * @return a copy with this doc.
     */
    public Setting<T> doc(final String oneLine)
    {
        return new Setting<>(key, type, defaultValue, defaultText, computed, allowed, check, oneLine);
    }

    /**
     * @param text how the default reads in docs and help, when there is none ("any", "embedded") or when the value
     *             alone says too little ("67108864 (64 MiB)").
     * @return a copy showing the default so.
     */
    public Setting<T> defaultShownAs(final String text)
    {
        return new Setting<>(key, type, defaultValue, text, computed, allowed, check, doc);
    }

    /**
     * @param text how the default is computed ("half the cores, at least 1"): the default value depends on the
     *             machine, so a command line leaves it unset ({@link #defaultString()} is null) and docs show this.
     * @return a copy showing the default so.
     */
    public Setting<T> defaultComputedAs(final String text)
    {
        return new Setting<>(key, type, defaultValue, text, true, allowed, check, doc);
    }

    /**
     * @param min the least value allowed.
     * @return a copy allowing only values of at least {@code min}.
     */
    public Setting<T> atLeast(final T min)
    {
        return allow("at least " + format(min), v -> compare(v, min) >= 0);
    }

    /**
     * @param min the least value allowed.
     * @param max the greatest value allowed.
     * @return a copy allowing only values in {@code min..max}.
     */
    public Setting<T> between(final T min, final T max)
    {
        return allow(format(min) + ".." + format(max), v -> compare(v, min) >= 0 && compare(v, max) <= 0);
    }

    /**
     * @param values the allowed values.
     * @return a copy allowing only these values.
     */
    @SafeVarargs
    public final Setting<T> oneOf(final T... values)
    {
        // Copied element by element: handing the varargs array itself on is what javac's varargs lint warns of.
        final List<T> copy = new ArrayList<>(values.length);
        for (final T v : values)
        {
            copy.add(v);
        }
        final List<T> list = List.copyOf(copy);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++)
        {
            text.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append(values[i]);
        }
        return allow(text.toString(), list::contains);
    }

    /**
     * @param rule  what is allowed, to complete "KEY must be ...": {@code "a power of 2"}.
     * @param check true for an allowed value (never called with null).
     * @return a copy that also requires {@code check}.
     */
    public Setting<T> allow(final String rule, final Predicate<T> check)
    {
        final Predicate<T> before = this.check;
        final String rules = allowed == null ? rule : allowed + ", " + rule;
        return new Setting<>(key, type, defaultValue, defaultText, computed, rules,
            v -> before.test(v) && check.test(v), doc);
    }

    /**
     * Checks a value against this setting's bounds.
     *
     * @param value the value; null passes (null means "not set" for settings without a default).
     * @return the value.
     * @throws IllegalArgumentException naming the key, the bounds and the value when it is out of bounds.
     */
    public T check(final T value)
    {
        return check(key, value);
    }

    /**
     * As {@link #check(Object)} for one instance of a family of settings ({@code ring_size.control} of
     * {@code ring_size.<priority>}).
     *
     * @param name  the key to name in the error.
     * @param value the value.
     * @return the value.
     */
    public T check(final String name, final T value)
    {
        if (value != null && !check.test(value))
        {
            throw new IllegalArgumentException(name + " must be " + allowed + ", was " + show(value));
        }
        return value;
    }

    /** @return the key: {@code max_connections}. */
    public String key()
    {
        return key;
    }

    /** @return the environment variable: {@code RINGCAST_MAX_CONNECTIONS}. */
    public String envName()
    {
        return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** @return the command-line flag: {@code --max-connections}. */
    public String flag()
    {
        return "--" + key.replace('_', '-');
    }

    /** @return the value's type. */
    public Class<T> type()
    {
        return type;
    }

    /** @return the default, or null when there is none. */
    public T defaultValue()
    {
        return defaultValue;
    }

    /** @return how the default reads in docs: the shown-as text, else the value, else "none". */
    public String defaultText()
    {
        if (defaultText != null)
        {
            return defaultText;
        }
        return defaultValue == null ? "none" : format(defaultValue);
    }

    /** @return the default as a command line would spell it, or null when there is none or it is computed. */
    public String defaultString()
    {
        return defaultValue == null || computed ? null : format(defaultValue);
    }

    /** @return what values are allowed ("at least 1", "0..65535"), or "" when any value of the type is. */
    public String allowed()
    {
        return allowed == null ? "" : allowed;
    }

    /** @return the one-line doc (may hold Markdown code spans). */
    public String doc()
    {
        return doc;
    }

    @Override
    public String toString()
    {
        return key;
    }

    private static String show(final Object value)
    {
        return value instanceof String ? "'" + value + "'" : format(value);
    }

    /** Whole doubles without a fraction: {@code 2}, not {@code 2.0}; as an operator would write them. */
    private static String format(final Object value)
    {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15)
        {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> int compare(final T value, final T bound)
    {
        return ((Comparable<T>)value).compareTo(bound);
    }
}
