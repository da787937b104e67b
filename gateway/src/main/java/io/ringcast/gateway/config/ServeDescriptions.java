package io.ringcast.gateway.config;

import io.ringcast.settings.Setting;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The help text of {@code ringcast serve}'s options, made from each setting's one-line doc, so that {@code --help}
 * and docs/configuration.md say the same. Picocli looks an option's description up in its command's resource
 * bundle under the option's name without dashes ({@code max-connections}); this bundle answers from
 * {@link ServeSettings}. Where a default is computed or absent, the text says what it is, as picocli shows only
 * fixed ones.
 */
public final class ServeDescriptions extends ResourceBundle
{
    private static final Pattern CODE_OR_LINK = Pattern.compile("`([^`]*)`|\\[([^]]*)]\\([^)]*\\)");

    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** Made by {@link ResourceBundle#getBundle(String)}, as picocli asks for the bundle by this class's name. */
    public ServeDescriptions()
    {
        for (final Setting<?> s : ServeSettings.ALL)
        {
            descriptions.put(s.flag().substring(2), describe(s));
        }
    }

    /**
     * @param setting a setting.
     * @return its doc as a sentence of help text, with the default where picocli would not show it.
     */
    static String describe(final Setting<?> setting)
    {
        final String doc = plain(setting.doc());
        final StringBuilder text = new StringBuilder(doc.isEmpty()
            ? ""
            : Character.toUpperCase(doc.charAt(0)) +
                doc.substring(1));
        if (text.length() > 0 && text.charAt(text.length() - 1) != '.')
        {
            text.append('.');
        }
        if (setting.defaultString() == null && !"none".equals(setting.defaultText()))
        {
            text.append(" Default: ").append(plain(setting.defaultText())).append('.');
        }
        return text.toString();
    }

    /** Markdown to help text: a code span naming a setting becomes its flag, other code spans and links their text. */
    private static String plain(final String markdown)
    {
        final Matcher m = CODE_OR_LINK.matcher(markdown);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            final String code = m.group(1);
            final Setting<?> named = code == null ? null : ServeSettings.byKey(code);
            final String text = code == null ? m.group(2) : named == null ? code : named.flag();
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    protected Object handleGetObject(final String key)
    {
        return descriptions.get(key);
    }

    @Override
    protected Set<String> handleKeySet()
    {
        return descriptions.keySet();
    }

    @Override
    public Enumeration<String> getKeys()
    {
        return Collections.enumeration(descriptions.keySet());
    }
}
