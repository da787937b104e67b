package io.ringcast.gateway.support;

import io.ringcast.testsupport.Await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of a gateway's {@code /metrics}: each family's name (as its {@code # TYPE} line writes it) and type. */
public final class Scrape
{
    /** The repository root: tests run in their module's directory. */
    public static final File ROOT = new File(System.getProperty("user.dir")).getParentFile();

    private Scrape()
    {
    }

    /**
     * Scrape after a garbage collection: the JVM's per-pool allocation counters get their series from GC
     * notifications, which arrive asynchronously, so this scrapes until they are there (at most 5 s).
     *
     * @param httpBase http://HOST:PORT
     * @return family name to type, as {@link #families}.
     */
    public static Map<String, String> familiesAfterGc(final String httpBase) throws Exception
    {
        System.gc();
        Await.until(() -> families(httpBase).containsKey("jvm_memory_pool_allocated_bytes_total"),
            Duration.ofSeconds(5));
        return families(httpBase);
    }

    /**
     * @param httpBase http://HOST:PORT
     * @param sample   a sample's name with its labels as {@code /metrics} writes it, e.g.
     *                 {@code ringcast_inbound_buffered_bytes}.
     * @return its value.
     */
    public static double value(final String httpBase, final String sample) throws Exception
    {
        for (final String line : body(httpBase).split("\n"))
        {
            if (line.startsWith(sample + " "))
            {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample + " in /metrics");
    }

    /**
     * @param httpBase http://HOST:PORT
     * @return family name to type ({@code counter}, {@code gauge}, {@code histogram}, {@code summary}, ...).
     */
    public static Map<String, String> families(final String httpBase) throws Exception
    {
        final Map<String, String> out = new TreeMap<>();
        for (final String line : body(httpBase).split("\n"))
        {
            if (line.startsWith("# TYPE "))
            {
                final String[] parts = line.split(" ");
                out.put(parts[2], parts[3]);
            }
        }
        return out;
    }

    private static String body(final String httpBase) throws Exception
    {
        final HttpResponse<String> r =
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpBase + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
        {
            throw new AssertionError("/metrics answered " + r.statusCode());
        }
        return r.body();
    }
}
