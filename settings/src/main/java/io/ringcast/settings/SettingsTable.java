package io.ringcast.settings;

import java.util.List;
import java.util.function.Function;

/**
 * The Markdown tables of docs/configuration.md, made from the settings themselves, and the marked sections of a
 * document they live in ({@code <!-- settings:NAME:begin -->} ... {@code <!-- settings:NAME:end -->}), so the docs
 * are regenerated, never edited by hand, and a test can tell when they are stale.
 */
public final class SettingsTable
{
    private SettingsTable()
    {
    }

    /**
     * @param settings the rows, in order.
     * @param note     a note appended to a row's meaning (such as "(API only)"), or "" for none.
     * @return a Markdown table: key, default, allowed values, meaning; one line per setting.
     */
    public static String markdown(final List<Setting<?>> settings, final Function<Setting<?>, String> note)
    {
        final StringBuilder out = new StringBuilder("| key | default | allowed | meaning |\n");
        out.append("| --- | --- | --- | --- |\n");
        for (final Setting<?> s : settings)
        {
            final String extra = note.apply(s);
            out.append("| `").append(s.key()).append("` | ").append(s.defaultText()).append(" | ")
                .append(s.allowed()).append(" | ").append(s.doc()).append(extra.isEmpty() ? "" : " " + extra)
                .append(" |\n");
        }
        return out.toString();
    }

    /**
     * @param document the whole document.
     * @param section  the section's name, as in its markers.
     * @param content  what goes between the markers (ends with a newline).
     * @return the document with the section's content replaced.
     * @throws IllegalArgumentException when the document lacks the section's markers.
     */
    public static String replaceSection(final String document, final String section, final String content)
    {
        final String begin = beginMarker(section);
        final String end = "<!-- settings:" + section + ":end -->";
        final int from = document.indexOf(begin);
        final int to = document.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new IllegalArgumentException("no section '" + section + "': the document needs the lines " + begin +
                " and " + end);
        }
        return document.substring(0, from + begin.length()) + "\n" + content + document.substring(to);
    }

    /**
     * @param section a section's name.
     * @return the line that opens it.
     */
    public static String beginMarker(final String section)
    {
        return "<!-- settings:" + section + ":begin -->";
    }
}
