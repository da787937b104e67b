package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/**
 * Structure-aware fuzzing of the frame layer through a live gateway: each input is a sequence of up to 64
 * frames ({@link FrameScript}) whose every field the fuzzer picks, sent on one connection after a valid
 * handshake, then the client's FIN; {@link FrameRound} checks what {@link FrameFuzzTest} checks. One
 * connection per input costs far more than the frames on it, so many frames per input is what makes a
 * million frames a matter of minutes. Runs its corpus in the normal suite; fuzzes with {@code JAZZER_FUZZ=1}
 * (docs/reliability.md).
 */
class FrameSequenceFuzzTest
{
    private static GatewayServer server;
    private static FrameRound round;

    @BeforeAll
    static void start()
    {
        server = GatewayServer.start(Gateways.config().toBuilder().limits(10_000, 65_536, 16_384, 1_000_000, 64).build());
        round = new FrameRound(server);
    }

    @AfterAll
    static void stop() throws IOException
    {
        try
        {
            if (round != null)
            {
                round.report("frame sequence fuzz");
                round.assertNothingLeft();
            }
        }
        finally
        {
            if (server != null)
            {
                server.close();
            }
        }
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 300_000)
    void shouldCloseCleanlyAndHoldNothingForAnySequenceOfFrames(final FuzzedDataProvider data) throws Exception
    {
        round.run(FrameScript.frames(data));
    }
}
