package io.ringcast.engine;

import io.ringcast.engine.core.RingEngine;
import io.ringcast.engine.support.Commands;
import io.ringcast.engine.support.RecordingSink;
import io.ringcast.engine.support.RecordingSink.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio handed over as a buffer (a gRPC chunk's read-only view, not copied by the caller) plays exactly as the
 * same bytes handed over as an array: its bytes from position to limit, in order, and the buffer itself untouched.
 */
@Tag("integration")
class AudioFromBufferTest
{
    private static final int FRAME = 640;

    private final Commands commands = new Commands();
    private Engine engine;

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldPlayTheBuffersBytesFromPositionToLimitInOrder() throws Exception
    {
        engine = RingEngine.start(EngineConfig.builder().groups(1).handler(commands).build());
        final RecordingSink sink = new RecordingSink();
        engine.open(1, sink, null);
        final long end = System.nanoTime() + 5_000_000_000L;
        while (engine.stream(1) == null && System.nanoTime() < end)
        {
            Thread.onSpinWait();
        }
        engine.inbound(1, Priority.IMPORTANT, "speak:a");
        while (commands.utterances.isEmpty() && System.nanoTime() < end)
        {
            Thread.onSpinWait();
        }
        final int u = commands.utterances.get(0);

        // 6 frames, each byte of frame k holding k + 1, behind 7 bytes of something else, in read-only chunks of 1.5
        // frames.
        final byte[] backing = new byte[7 + 6 * FRAME];
        Arrays.fill(backing, 0, 7, (byte)99);
        for (int k = 0; k < 6; k++)
        {
            Arrays.fill(backing, 7 + k * FRAME, 7 + (k + 1) * FRAME, (byte)(k + 1));
        }
        final int chunk = FRAME * 3 / 2;
        for (int c = 0; c < 4; c++)
        {
            final ByteBuffer view = ByteBuffer.wrap(backing, 7 + c * chunk, chunk).slice().asReadOnlyBuffer();
            assertTrue(engine.audio(1, Priority.IMPORTANT, u, view, c == 3 ? AudioChunk.LAST : AudioChunk.MORE));
            assertEquals(0, view.position(), "the caller's buffer is not consumed");
        }

        sink.await(s -> s.notice() == Notice.AUDIO_END, 1, 5_000);
        final List<Sent> frames = sink.sent().stream().filter(s -> s.kind() == OutboundKind.AUDIO).toList();
        assertEquals(6, frames.size());
        for (int k = 0; k < 6; k++)
        {
            assertEquals(k, frames.get(k).seq());
            assertEquals(k + 1, frames.get(k).firstPcmByte(), "frame " + k + " holds its own bytes");
        }
        assertTrue(frames.get(5).last());
    }
}
