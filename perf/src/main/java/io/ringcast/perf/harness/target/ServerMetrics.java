package io.ringcast.perf.harness.target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a server's Prometheus text {@code /metrics}: sample lines {@code name{labels} value}. Only
 * the ringcast gateway has these names; against another server the lookups return NaN.
 */
public final class ServerMetrics
{
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Double> samples;

    /** @param samples sample key ({@code name{labels}} as written) to value. */
    public ServerMetrics(final Map<String, Double> samples)
    {
        this.samples = samples;
    }

    /**
     * @param httpBase http://HOST:PORT
     * @return the scrape, or null when the endpoint did not answer 200 within 5 s.
     */
    public static ServerMetrics fetch(final String httpBase)
    {
        try
        {
            final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : null;
        }
        catch (final Exception e)
        {
            if (e instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /**
     * @param httpBase http://HOST:PORT
     * @return the status of GET /healthz, or -1 when it did not answer.
     */
    public static int health(final String httpBase)
    {
        try
        {
            return HTTP
                .send(HttpRequest.newBuilder(URI.create(httpBase + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        }
        catch (final Exception e)
        {
            if (e instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    /**
     * @param text Prometheus text exposition.
     * @return its samples.
     */
    public static ServerMetrics parse(final String text)
    {
        final Map<String, Double> m = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            if (space > 0)
            {
                try
                {
                    m.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
                }
                catch (final NumberFormatException e)
                {
                    // a timestamped or odd line: not one we read
                }
            }
        }
        return new ServerMetrics(m);
    }

    /**
     * @param name      metric name; {@code _total} is tried too (counters).
     * @param labelPart a label matcher that must appear in the key ({@code state="evicted"}), or null for any.
     * @return the sum of matching samples, NaN when none matched.
     */
    public double sum(final String name, final String labelPart)
    {
        double total = 0;
        boolean any = false;
        for (final Map.Entry<String, Double> e : samples.entrySet())
        {
            final String key = e.getKey();
            final int brace = key.indexOf('{');
            final String base = brace < 0 ? key : key.substring(0, brace);
            if ((base.equals(name) || base.equals(name + "_total")) && (labelPart == null || key.contains(labelPart)))
            {
                total += e.getValue();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /**
     * The quantile of a Prometheus histogram family over the whole run, as {@code histogram_quantile} computes it:
     * bucket counts summed over every series, then linear interpolation inside the bucket the rank falls in.
     *
     * @param name histogram name (its samples are {@code name_bucket{...,le="..."}}).
     * @param q    quantile, 0 to 1.
     * @return seconds (the bound below +Inf when the rank is beyond the last finite bucket), NaN when the family is
     *         missing or empty.
     */
    public double quantile(final String name, final double q)
    {
        final TreeMap<Double, Double> cumulative = new TreeMap<>();
        final String prefix = name + "_bucket";
        for (final Map.Entry<String, Double> e : samples.entrySet())
        {
            final String key = e.getKey();
            final int le = key.indexOf("le=\"");
            if (key.startsWith(prefix + "{") && le > 0)
            {
                final String bound = key.substring(le + 4, key.indexOf('"', le + 4));
                cumulative.merge("+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                    e.getValue(), Double::sum);
            }
        }
        final double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0)
        {
            return Double.NaN;
        }
        final double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (final Map.Entry<Double, Double> b : cumulative.entrySet())
        {
            if (b.getValue() >= rank)
            {
                if (b.getKey().isInfinite())
                {
                    return lowerBound;
                }
                final double inBucket = b.getValue() - lowerCount;
                return inBucket <= 0
                    ? b.getKey()
                    : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }

    /**
     * @param prefix a metric name prefix.
     * @return true when any sample's name starts with it.
     */
    public boolean hasPrefix(final String prefix)
    {
        return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /**
     * @param later a later scrape.
     * @param name  metric.
     * @param label label matcher or null.
     * @return later minus this, NaN if either is missing.
     */
    public double delta(final ServerMetrics later, final String name, final String label)
    {
        return later == null ? Double.NaN : later.sum(name, label) - sum(name, label);
    }
}
