package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.BenchClient;

import java.util.ArrayList;
import java.util.List;

/** A set of open speaking sessions, each with its {@link SpeechProbe}, closed together. */
public final class SpeechPhase implements AutoCloseable
{
    private final ScenarioContext ctx;
    private final List<SpeechProbe> probes;

    private SpeechPhase(final ScenarioContext ctx, final List<SpeechProbe> probes)
    {
        this.ctx = ctx;
        this.probes = probes;
    }

    /**
     * Open sessions (those the server refuses are left out) and count them in the progress line.
     *
     * @param ctx    the scenario.
     * @param count  sessions wanted.
     * @param tally  where they record.
     * @param prefix utterance id prefix.
     * @return the phase.
     */
    public static SpeechPhase open(final ScenarioContext ctx, final int count, final SpeechTally tally,
        final String prefix)
    {
        final List<SpeechProbe> all = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            all.add(new SpeechProbe(tally, prefix));
        }
        final List<BenchClient> clients = ctx.connector().connectAll(count, all::get);
        final List<SpeechProbe> open = new ArrayList<>();
        for (final SpeechProbe p : all)
        {
            for (final BenchClient c : clients)
            {
                if (p.client() == null && isHandlerOf(c, p))
                {
                    p.attach(c);
                    open.add(p);
                    break;
                }
            }
        }
        ctx.sessions().addAndGet(open.size());
        return new SpeechPhase(ctx, open);
    }

    private static boolean isHandlerOf(final BenchClient c, final SpeechProbe p)
    {
        return c.isHandler(p);
    }

    /** @return the open sessions' probes. */
    public List<SpeechProbe> probes()
    {
        return probes;
    }

    /** @return how many sessions opened. */
    public int size()
    {
        return probes.size();
    }

    @Override
    public void close()
    {
        for (final SpeechProbe p : probes)
        {
            p.client().close();
        }
        ctx.sessions().addAndGet(-probes.size());
    }
}
