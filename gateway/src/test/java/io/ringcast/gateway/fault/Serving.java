package io.ringcast.gateway.fault;

import io.ringcast.gateway.support.TestClient;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Asks a gateway for short utterances until one is served, as a client retrying after an error would. */
final class Serving
{
    private Serving()
    {
    }

    /**
     * Speaks "hi" under ids {@code name0, name1, ...} until an utterance ends {@code done}.
     *
     * @return milliseconds from {@code since} to that utterance's end.
     */
    static long msUntilServed(final TestClient client, final String name, final long since, final long limitMillis)
        throws Exception
    {
        for (int attempt = 0; System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(limitMillis); attempt++)
        {
            final String id = name + attempt;
            client.send("{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"hi\"}");
            final TestClient.Received r =
                client.await(m -> id.equals(m.json() == null ? null : m.json().path("id").asText(null))
                    && "audio_end".equals(m.type())
                    || id.equals(m.json() == null ? null : m.json().path("ref").asText(null)), 5_000);
            assertNotNull(r, "speak " + id + " answered");
            if ("audio_end".equals(r.type()) && "done".equals(r.json().path("reason").asText()))
            {
                return TimeUnit.NANOSECONDS.toMillis(r.arrivedNanos() - since);
            }
            Thread.sleep(20); // the worker is still out: ask again shortly, as a client would
        }
        throw new AssertionError("not served within " + limitMillis + " ms");
    }
}
