package io.ringcast.gateway.deploy;

import io.ringcast.gateway.support.Scrape;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAML files of the repository as plain maps and lists, and paths into them. */
final class Yamls
{
    private Yamls()
    {
    }

    /** @return every document of the file at {@code path} (relative to the repository root). */
    static List<Map<String, Object>> load(final String path) throws Exception
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        final String text = Files.readString(new File(Scrape.ROOT, path).toPath());
        for (final Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text))
        {
            if (doc != null)
            {
                out.add(map(doc));
            }
        }
        return out;
    }

    /** @return the value at the dotted {@code path} below {@code root}, or null where any step is missing. */
    static Object at(final Object root, final String path)
    {
        Object node = root;
        for (final String key : path.split("\\."))
        {
            if (!(node instanceof Map<?, ?> m))
            {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(final Object o)
    {
        return (Map<String, Object>)o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(final Object o)
    {
        return o == null ? List.of() : (List<Object>)o;
    }
}
