package io.ringcast.perf.harness;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} (a bare number is seconds). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        return parse(value);
    }

    /**
     * @param value the text.
     * @return the duration.
     * @throws CommandLine.TypeConversionException when it is not one.
     */
    public static Duration parse(final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        try
        {
            if (v.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            final char unit = v.charAt(v.length() - 1);
            final double n =
                Character.isDigit(unit) ? Double.parseDouble(v) : Double.parseDouble(v.substring(0, v.length() - 1));
            final double seconds = switch (unit)
            {
                case 'h' -> n * 3600;
                case 'm' -> n * 60;
                default -> n;
            };
            if (!Character.isDigit(unit) && unit != 's' && unit != 'm' && unit != 'h')
            {
                throw new NumberFormatException(value);
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
        catch (final RuntimeException e)
        {
            throw new CommandLine.TypeConversionException("not a duration (try 500ms, 10s, 2m): " + value);
        }
    }
}
