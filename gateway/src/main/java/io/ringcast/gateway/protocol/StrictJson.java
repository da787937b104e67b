package io.ringcast.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * What Jackson parses but protocol v1 cannot carry on: a number beyond a double's range (Jackson makes it
 * infinite, and it came back as the string "Infinity", which is not JSON), and a string or key with an
 * unpaired surrogate (from a {@code \ud800} escape; UTF-8 cannot encode it, so it came back as "?").
 */
final class StrictJson
{
    private StrictJson()
    {
    }

    /** @return why {@code root} cannot be accepted, or null. Iterative: nesting depth costs no stack. */
    static String problem(final JsonNode root)
    {
        final ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty())
        {
            final JsonNode n = todo.pop();
            if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue()))
            {
                return "a number is out of range";
            }
            if (n.isTextual() && !wellFormed(n.textValue()))
            {
                return "a string has an unpaired surrogate (not valid Unicode)";
            }
            if (n.isObject())
            {
                for (final Map.Entry<String, JsonNode> e : n.properties())
                {
                    if (!wellFormed(e.getKey()))
                    {
                        return "a key has an unpaired surrogate (not valid Unicode)";
                    }
                    todo.push(e.getValue());
                }
            }
            else if (n.isArray())
            {
                n.forEach(todo::push);
            }
        }
        return null;
    }

    private static boolean wellFormed(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c))
            {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }
}
