package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.gateway.support.TestClient.Frame;
import io.ringcast.gateway.support.TestClient.Received;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of docs/protocol.md's message tables, over a real WebSocket against a real gateway. */
@Tag("integration")
class ProtocolTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    private static TestClient connect() throws Exception
    {
        final TestClient c = TestClient.connect(GATEWAY.url());
        c.await("ready");
        return c;
    }

    @Test
    void shouldSendReadyFirstWithTheProtocolFields() throws Exception
    {
        try (TestClient c = TestClient.connect(GATEWAY.url()))
        {
            final JsonNode ready = c.await("ready");
            assertEquals("ready", c.received().get(0).type(), "ready is the first message");
            assertTrue(ready.path("session").asText().startsWith("s-"));
            assertEquals(1, ready.path("protocol").asInt());
            assertEquals(16000, ready.path("sample_rate").asInt());
            assertEquals("pcm_s16le", ready.path("format").asText());
            assertEquals(20, ready.path("frame_ms").asInt());
            assertEquals(65536, ready.path("max_message_bytes").asInt());
            assertEquals(3, ready.path("prefill_frames").asInt(), "an added field: the prefill burst");
        }
    }

    @Test
    void shouldAnswerPingWithPongEchoingT() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"ping\",\"t\":12345.5}");
            final JsonNode pong = c.await("pong");
            assertEquals(12345.5, pong.path("t").asDouble());
            assertTrue(pong.path("server_ns").isNumber());
        }
    }

    @Test
    void shouldStreamSpeechAsPacedFramesBetweenAudioStartAndAudioEnd() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"speak\",\"id\":\"u1\",\"text\":\"hello ringcast, this is a test\"}");
            final JsonNode end = c.await("audio_end");
            final JsonNode start = c.await("audio_start");
            assertEquals("u1", start.path("id").asText());
            assertEquals(16000, start.path("sample_rate").asInt());
            assertEquals(20, start.path("frame_ms").asInt());
            final long utterance = start.path("utterance").asLong();

            final List<Received> all = c.received();
            final int startAt = indexOf(all, "audio_start");
            final int endAt = indexOf(all, "audio_end");
            final List<Frame> frames = c.frames();
            assertFalse(frames.isEmpty());
            for (int i = 0; i < frames.size(); i++)
            {
                final Frame f = frames.get(i);
                assertEquals(1, f.kind());
                assertEquals(20, f.headerLength());
                assertEquals(utterance, f.utterance());
                assertEquals(i, f.seq(), "seq 0, 1, 2, ... without gaps");
                assertEquals(i == frames.size() - 1, f.last(), "last flag only on the last frame");
                assertTrue(f.pcmLength() == 640 || (f.last() && f.pcmLength() <= 640), "a frame is frame_ms of PCM");
            }
            assertTrue(all.subList(0, startAt).stream().noneMatch(r -> r.frame() != null),
                "audio_start precedes every frame");
            assertTrue(all.subList(endAt, all.size()).stream().noneMatch(r -> r.frame() != null),
                "audio_end follows every frame");
            assertEquals(frames.size(), end.path("frames").asInt());
            assertEquals("done", end.path("reason").asText());
            assertEquals("u1", end.path("id").asText());
            // 30 characters at 50 ms each: 1.5 s of audio, paced in real time after 3 prefill frames.
            final long first = all.get(startAt + 1).arrivedNanos();
            final long last = all.get(endAt - 1).arrivedNanos();
            final double paced = (last - first) / 1e6;
            final double expected = (frames.size() - 3) * 20.0;
            assertTrue(paced > expected * 0.8 && paced < expected * 1.3 + 100,
                "frames took " + paced + " ms, expected about " + expected);
        }
    }

    @Test
    void shouldFanPublishesOutToSubscribersWithTheirOwnSeq() throws Exception
    {
        try (TestClient early = connect(); TestClient late = connect(); TestClient publisher = connect())
        {
            early.send("{\"type\":\"subscribe\",\"topics\":[\"news\",\"visual\"]}");
            early.sync();
            publisher.send("{\"type\":\"publish\",\"topic\":\"news\",\"data\":{\"n\":1}}");
            early.await(r -> "message".equals(r.type()), 5_000);
            late.send("{\"type\":\"subscribe\",\"topics\":[\"news\"]}");
            late.sync();
            publisher.send("{\"type\":\"publish\",\"topic\":\"news\",\"data\":{\"n\":2},\"priority\":\"critical\"}");
            publisher.send("{\"type\":\"publish\",\"topic\":\"news\",\"data\":[3,\"three\"]}");

            assertNotNull(early.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 3, 5_000));
            assertNotNull(late.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 2, 5_000));
            final List<JsonNode> got = early.ofType("message");
            assertEquals(List.of(1L, 2L, 3L), got.stream().map(m -> m.path("seq").asLong()).toList());
            final String from = publisher.await("ready").path("session").asText();
            assertEquals(from, got.get(0).path("from").asText());
            assertEquals("news", got.get(0).path("topic").asText());
            assertEquals(1, got.get(0).path("data").path("n").asInt());
            assertEquals("three", got.get(2).path("data").path(1).asText());
            assertEquals(List.of(1L, 2L), late.ofType("message").stream().map(m -> m.path("seq").asLong()).toList());
            assertTrue(publisher.ofType("message").isEmpty(),
                "publishers do not receive what they are not subscribed to");

            early.send("{\"type\":\"unsubscribe\",\"topics\":[\"news\"]}");
            early.sync();
            publisher.send("{\"type\":\"publish\",\"topic\":\"news\",\"data\":4}");
            assertNotNull(late.await(r -> "message".equals(r.type()) && r.json().path("seq").asLong() == 3, 5_000));
            Thread.sleep(100); // a window in which nothing may arrive
            assertEquals(3, early.ofType("message").size(), "nothing after unsubscribe");
        }
    }

    @Test
    void shouldPauseWithNoFrameAfterPausedThenResumeAndCancel() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"speak\",\"id\":\"long\",\"text\":\"" + "a".repeat(100) + "\"}");
            c.await(r -> r.frame() != null && r.frame().seq() >= 5, 5_000);
            c.send("{\"type\":\"pause\",\"id\":\"long\"}");
            final JsonNode paused = c.await("paused");
            Thread.sleep(300); // a window in which no frame may follow paused
            final List<Received> all = c.received();
            final int at = indexOf(all, "paused");
            assertTrue(all.subList(at, all.size()).stream().noneMatch(r -> r.frame() != null),
                "no audio frame after paused");
            assertEquals("long", paused.path("id").asText());
            assertEquals(c.frames().size(), paused.path("next_seq").asInt(), "next_seq is the next unsent frame");

            c.send("{\"type\":\"resume\",\"id\":\"long\"}");
            final JsonNode resumed = c.await("resumed");
            assertEquals(paused.path("next_seq").asInt(), resumed.path("next_seq").asInt());
            final Received next =
                c.await(r -> r.frame() != null && r.frame().seq() == paused.path("next_seq").asLong(), 5_000);
            assertNotNull(next, "resume continues from next_seq");

            c.send("{\"type\":\"cancel\",\"id\":\"long\"}");
            final JsonNode cancelled = c.await("cancelled");
            final JsonNode end = c.await("audio_end");
            assertEquals("cancelled", end.path("reason").asText());
            Thread.sleep(200); // a window in which no frame may follow
            final List<Received> after = c.received();
            assertTrue(
                after.subList(indexOf(after, "cancelled"), after.size()).stream().noneMatch(r -> r.frame() != null),
                "nothing of a cancelled utterance follows cancelled");
            assertEquals(c.frames().size(), cancelled.path("frames_sent").asInt());
            assertTrue(c.frames().size() < 100, "the utterance was cut short");
        }
    }

    @Test
    void shouldPlayTwoUtterancesInOrder() throws Exception
    {
        try (TestClient c = connect())
        {
            c.send("{\"type\":\"speak\",\"id\":\"a\",\"text\":\"first\"}");
            c.send("{\"type\":\"speak\",\"id\":\"b\",\"text\":\"second\",\"priority\":\"critical\"}");
            c.await(r -> "audio_end".equals(r.type()) && "b".equals(r.json().path("id").asText()), 5_000);
            final List<JsonNode> ends = c.ofType("audio_end");
            assertEquals(List.of("a", "b"), ends.stream().map(e -> e.path("id").asText()).toList());
            final List<JsonNode> starts = c.ofType("audio_start");
            assertTrue(starts.get(0).path("utterance").asLong() != starts.get(1).path("utterance").asLong());
        }
    }

    private static int indexOf(final List<Received> all, final String type)
    {
        for (int i = 0; i < all.size(); i++)
        {
            if (type.equals(all.get(i).type()))
            {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }
}
