package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    @RegisterExtension
    static final FrameRoundGateway GATEWAY = new FrameRoundGateway("frame fuzz");

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void shouldCloseCleanlyAndHoldNothingForAnyFrameBytes(final byte[] input) throws Exception
    {
        GATEWAY.round().run(input);
    }
}
