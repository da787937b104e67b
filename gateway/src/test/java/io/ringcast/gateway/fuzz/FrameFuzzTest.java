package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/**
 * Coverage-guided fuzzing of the frame layer through a live gateway: each input is sent as it is, as the
 * bytes of a connection after a valid handshake, then the client ends its side (TCP FIN); {@link FrameRound}
 * checks the server's answer and that it holds nothing afterwards. Seeds are real frame sequences (valid,
 * fragmented, control frames, lying and top-bit lengths). Most mutated inputs fail the connection at their
 * first frame; {@link FrameSequenceFuzzTest} sends many frames per input. Runs its corpus in the normal suite;
 * fuzzes with {@code JAZZER_FUZZ=1} (docs/reliability.md).
 */
class FrameFuzzTest
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
                round.report("frame fuzz");
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

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void shouldCloseCleanlyAndHoldNothingForAnyFrameBytes(final byte[] input) throws Exception
    {
        round.run(input);
    }
}
