package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    @RegisterExtension
    static final FrameRoundGateway GATEWAY = new FrameRoundGateway("frame sequence fuzz");

    @FuzzTest(maxDuration = "60m", maxExecutions = 300_000)
    void shouldCloseCleanlyAndHoldNothingForAnySequenceOfFrames(final FuzzedDataProvider data) throws Exception
    {
        GATEWAY.round().run(FrameScript.frames(data));
    }
}
