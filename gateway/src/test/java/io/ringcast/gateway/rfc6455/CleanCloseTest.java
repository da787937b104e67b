package io.ringcast.gateway.rfc6455;

import io.ringcast.gateway.support.RawFrames;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that close with 1000 while audio flows to them get the close frame back, every one: the group
 * thread's close and the IO thread's answer used to race, and the loser tore the TCP connection down before
 * the winner's close frame left (the client saw 1006).
 */
@Tag("integration")
class CleanCloseTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    /** Sized so the race showed (1-4 in 100 before the fix) in a few seconds; the long run is in reliability.md. */
    private static final int CLIENTS = Integer.getInteger("ringcast.cleanCloses", 300);

    /** A client whose speak was not answered within 20 s: not what this test is about (see the report). */
    private static final String NO_AUDIO = "no audio";

    @Test
    void shouldAnswerEveryClientCloseWithACloseFrameWhileAudioFlows() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(16);
        try
        {
            final List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++)
            {
                final int n = i;
                outcomes.add(pool.submit(() -> closeMidAudio(n)));
            }
            final List<String> failures = new ArrayList<>();
            int silent = 0;
            for (final Future<String> f : outcomes)
            {
                final String outcome = f.get(60, TimeUnit.SECONDS);
                if (outcome == NO_AUDIO)
                {
                    silent++;
                }
                else if (outcome != null)
                {
                    failures.add(outcome);
                }
            }
            System.out.printf(
                "[hostile] %d clients closed with 1000 mid-audio: %d got no close frame back (%d got no audio to " +
                    "close on)%n",
                CLIENTS - silent, failures.size(), silent);
            assertEquals(List.of(), failures);
            assertTrue(silent <= CLIENTS / 20, silent + " clients got no audio at all: the test proved little");
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** @return null if the close was answered with 1000 and the server closed the socket, else what happened. */
    private static String closeMidAudio(final int n) throws Exception
    {
        try (RawFrames c = RawFrames.connect(GATEWAY.port()))
        {
            c.timeout(20_000); // the first utterances wait for the worker to warm up on a loaded machine
            final String ready = c.readText(20_000);
            if (ready == null || !ready.contains("\"ready\""))
            {
                return "client " + n + ": no ready but " + ready;
            }
            c.write(RawFrames.text(
                "{\"type\":\"speak\",\"id\":\"u" + n + "\",\"text\":\"" + "closing while it plays ".repeat(3) + "\"}"));
            int audio = 0;
            final StringBuilder seen = new StringBuilder();
            while (audio < 2 + n % 5)
            {
                final RawFrames.Frame f = c.read();
                seen.append(f == null ? "-" : f.opcode() == 1 ? f.text() : "#" + f.opcode()).append(' ');
                if (f == null)
                {
                    return NO_AUDIO;
                }
                if (f.opcode() == RawFrames.END || f.opcode() == 8)
                {
                    return "client " + n + ": no audio but " +
                        (f == null ? "nothing" : f.opcode() == 8 ? "close " + f.closeCode() : "the end") + " after " +
                        seen;
                }
                if (f.opcode() == 1 && f.text().contains("\"error\""))
                {
                    return "client " + n + ": " + f.text();
                }
                audio += f.opcode() == 2 ? 1 : 0;
            }
            c.write(RawFrames.close(1000));
            final Integer code = c.awaitClose(10_000);
            if (code == null || code != 1000)
            {
                return "client " + n + ": " +
                    (code == null ? "no answer" : code == 1006 ? "TCP closed without a close frame" : "close " + code);
            }
            return c.serverClosedWithin(5_000) ? null : "client " + n + ": socket left open";
        }
    }
}
