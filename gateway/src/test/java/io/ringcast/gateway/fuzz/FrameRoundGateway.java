package io.ringcast.gateway.fuzz;

import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The frame fuzzers' setup: a gateway with a high message rate limit (fuzzing is not rate limiting) and a
 * {@link FrameRound} on it. After the last input it reports what the rounds saw and checks that the gateway holds no
 * connection and no inbound bytes, then closes the gateway.
 */
final class FrameRoundGateway implements BeforeAllCallback, AfterAllCallback
{
    private final String name;
    private final TestGateway gateway = fuzzGateway();
    private FrameRound round;

    /** @param name the fuzzer, for the report. */
    FrameRoundGateway(final String name)
    {
        this.name = name;
    }

    /** @return a gateway with the fuzzers' limits: 10,000 connections and a million messages a second each. */
    static TestGateway fuzzGateway()
    {
        return TestGateway.with(b -> b.limits(10_000, 65_536, 16_384, 1_000_000, 64));
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        gateway.beforeAll(context);
        round = new FrameRound(gateway.server());
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception
    {
        try
        {
            if (round != null)
            {
                round.report(name);
                round.assertNothingLeft();
            }
        }
        finally
        {
            gateway.afterAll(context);
        }
    }

    /** @return the round that sends one input and checks the answer. */
    FrameRound round()
    {
        return round;
    }
}
