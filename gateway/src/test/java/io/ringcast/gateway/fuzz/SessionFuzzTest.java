package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the session state machine through a real gateway: each input is a script of
 * up to 16 client messages (speak, pause, resume, cancel, ping, subscribe, unsubscribe, publish, raw text)
 * sent on a fresh connection, followed by a ping as a barrier. Invariants (docs/protocol.md): every server text is
 * a listed type, errors carry listed codes, the connection stays open (no 1011), no audio frame arrives
 * between {@code paused} and the next {@code resumed}, each valid {@code cancel} is answered exactly once
 * ({@code cancelled} or {@code unknown_id}), and the first cancel of an utterance that is live (its speak was
 * accepted and it has not ended) yields {@code cancelled}. The engine reports no error on its threads.
 */
class SessionFuzzTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = FrameRoundGateway.fuzzGateway();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] IDS = {"a", "b", "c"};
    private static final String[] TOPICS = {"news", "visual", "t.x-1"};
    /** Utterances of at least this many characters play for at least 1 s (50 ms per character). */
    private static final int LIVE_CHARS = 20;

    @FuzzTest(maxDuration = "10m", maxExecutions = 20_000)
    void shouldKeepTheSessionContractForAnyMessageSequence(final FuzzedDataProvider data) throws Exception
    {
        allowLoopback();
        final List<String> script = new ArrayList<>();
        final List<Sent> sent = new ArrayList<>();
        final int n = data.consumeInt(1, 16);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++)
        {
            script.add(message(data, sent));
        }
        final long errorsBefore = GATEWAY.server().stats().engine().snapshot().errors();
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            c.await("ready");
            final long[] sentAt = new long[script.size()];
            for (int i = 0; i < script.size(); i++)
            {
                sentAt[i] = System.nanoTime();
                c.send(script.get(i));
            }
            c.send("{\"type\":\"ping\",\"t\":-1}");
            assertNotNull(c.await(r -> "pong".equals(r.type()) && r.json().path("t").asInt() == -1, 10_000),
                "the session answers a ping after the script: " + script + " got " + types(c));
            settle(c);
            assertNull(c.awaitClose(0), "the connection stays open");
            check(c.received(), sent, sentAt, script);
        }
        assertEquals(errorsBefore, GATEWAY.server().stats().engine().snapshot().errors(),
            "no error on engine threads for " + script);
    }

    /**
     * Jazzer's SSRF detector reports every connection; this test talks to its own gateway on loopback only. The
     * policy is global and can only be set once Jazzer's agent is installed (not yet in {@code @BeforeAll}), so
     * every input sets it again.
     */
    private static void allowLoopback()
    {
        try
        {
            BugDetectors.allowNetworkConnections((host, port) -> "127.0.0.1".equals(host) || "localhost".equals(host));
        }
        catch (final IllegalStateException e)
        {
            // no bug detectors loaded (plain regression run): nothing to allow
        }
    }

    /** One sent message the invariants need to know about. */
    private record Sent(int index, String type, String id, int textChars)
    {
    }

    private static String message(final FuzzedDataProvider data, final List<Sent> sent)
    {
        final ObjectNode m = JSON.createObjectNode();
        final int index = sent.size();
        switch (data.consumeInt(0, 9))
        {
            case 0, 9 ->
            {
                final String id = id(data);
                final int chars = data.consumeInt(1, 60);
                m.put("type", "speak").put("id", id).put("text", "t".repeat(chars));
                if (data.consumeBoolean())
                {
                    m.put("priority", data.pickValue(new String[]{"critical", "important", "bulk"}));
                }
                sent.add(new Sent(index, "speak", id, chars));
            }
            case 1, 2 ->
            {
                final String type = data.consumeBoolean() ? "pause" : "resume";
                m.put("type", type);
                final String id = data.consumeBoolean() ? id(data) : null;
                if (id != null)
                {
                    m.put("id", id);
                }
                sent.add(new Sent(index, type, id, 0));
            }
            case 3, 4 ->
            {
                final String id = id(data);
                m.put("type", "cancel").put("id", id);
                sent.add(new Sent(index, "cancel", id, 0));
            }
            case 5 ->
            {
                m.put("type", "ping").put("t", data.consumeInt());
                sent.add(new Sent(index, "ping", null, 0));
            }
            case 6 ->
            {
                m.put("type", data.consumeBoolean() ? "subscribe" : "unsubscribe");
                m.putArray("topics").add(data.pickValue(TOPICS));
                sent.add(new Sent(index, "topics", null, 0));
            }
            case 7 ->
            {
                m.put("type", "publish").put("topic", data.pickValue(TOPICS)).put("data", data.consumeString(32));
                if (data.consumeBoolean())
                {
                    m.put("priority", data.pickValue(new String[]{"critical", "important", "bulk"}));
                }
                sent.add(new Sent(index, "publish", null, 0));
            }
            default ->
            {
                final String raw = data.consumeString(64);
                sent.add(new Sent(index, "raw", null, 0));
                return raw.isEmpty() ? "{}" : raw;
            }
        }
        return m.toString();
    }

    private static String id(final FuzzedDataProvider data)
    {
        return data.consumeInt(0, 7) == 0 ? data.consumeString(4) : data.pickValue(IDS);
    }

    /**
     * Wait until no text message arrived for 60 ms (answers from the IMPORTANT ring may follow the pong), at most 2 s.
     */
    private static void settle(final TestClient c) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + 2_000;
        int last = -1;
        while (System.currentTimeMillis() < end)
        {
            final int texts = (int)c.received().stream().filter(r -> r.json() != null).count();
            if (texts == last)
            {
                return;
            }
            last = texts;
            Thread.sleep(60); // quiet for 60 ms: the answers are all in
        }
    }

    private static void check(final List<TestClient.Received> received, final List<Sent> sent, final long[] sentAt,
        final List<String> script)
    {
        boolean paused = false;
        final Map<String, Integer> cancelledById = new HashMap<>();
        final Map<String, Integer> unknownById = new HashMap<>();
        final Set<String> refused = new HashSet<>();
        final Map<String, Long> endedAt = new HashMap<>();
        for (final TestClient.Received r : received)
        {
            if (r.frame() != null)
            {
                assertTrue(!paused, "an audio frame after 'paused' and before 'resumed': " + script);
                continue;
            }
            final JsonNode j = r.json();
            final String type = j.path("type").asText();
            assertTrue(ProtocolCodes.SERVER_TYPES.contains(type), "unlisted server message " + j + " for " + script);
            switch (type)
            {
                case "paused" -> paused = true;
                case "resumed" -> paused = false;
                case "cancelled" -> cancelledById.merge(j.path("id").asText(), 1, Integer::sum);
                case "audio_end" -> endedAt.putIfAbsent(j.path("id").asText(), r.arrivedNanos());
                case "error" ->
                {
                    final String code = j.path("code").asText();
                    assertTrue(ProtocolCodes.ERROR_CODES.contains(code), "unlisted error code " + j + " for " + script);
                    assertTrue(!"internal".equals(code), "internal error for " + script + ": " + j);
                    final String ref = j.path("ref").asText(null);
                    if ("unknown_id".equals(code))
                    {
                        unknownById.merge(ref, 1, Integer::sum);
                    }
                    else if (ref != null)
                    {
                        refused.add(ref);
                    }
                }
                default ->
                    {
                    }
            }
        }
        final Map<String, Integer> cancels = new HashMap<>();
        final Set<String> spoken = new HashSet<>();
        final Set<String> checkedFirst = new HashSet<>();
        for (final Sent s : sent)
        {
            if ("speak".equals(s.type()) && s.textChars() >= LIVE_CHARS && valid(s.id()))
            {
                spoken.add(s.id());
            }
            if (!"cancel".equals(s.type()) || !valid(s.id()))
            {
                continue;
            }
            cancels.merge(s.id(), 1, Integer::sum);
            final Long ended = endedAt.get(s.id());
            if (checkedFirst.add(s.id()) && spoken.contains(s.id()) && !refused.contains(s.id()) &&
                (ended == null || ended > sentAt[s.index()]))
            {
                assertTrue(cancelledById.getOrDefault(s.id(), 0) > 0,
                    "cancel of live utterance '" + s.id() + "' must yield 'cancelled': " + script + " got " +
                        texts(received));
            }
        }
        for (final Map.Entry<String, Integer> e : cancels.entrySet())
        {
            assertEquals(e.getValue(),
                cancelledById.getOrDefault(e.getKey(), 0) + unknownById.getOrDefault(e.getKey(), 0),
                "each cancel of '" + e.getKey() + "' is answered once: " + script + " got " + texts(received));
        }
    }

    private static boolean valid(final String id)
    {
        return id != null && !id.isEmpty() && id.length() <= 128;
    }

    private static List<String> types(final TestClient c)
    {
        return c.received().stream().map(TestClient.Received::type).distinct().toList();
    }

    private static List<String> texts(final List<TestClient.Received> received)
    {
        return received.stream().filter(r -> r.json() != null).map(r -> r.json().toString()).toList();
    }
}
