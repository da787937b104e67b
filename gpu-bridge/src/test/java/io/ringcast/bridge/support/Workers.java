package io.ringcast.bridge.support;

import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.bridge.worker.WorkerServer;

import java.io.IOException;

/** Starts reference workers on loopback ephemeral ports. */
public final class Workers
{

    private Workers()
    {
    }

    /** A worker with {@code cost} and one simulated GPU. */
    public static WorkerServer start(final CostModel cost) throws IOException
    {
        return WorkerServer.start(WorkerConfig.builder().port(0).costModel(cost).build());
    }

    /** A worker with a cost model of {@code fixedMs} per batch (and that minimum) and first-chunk share. */
    public static WorkerServer start(final double fixedMs, final double share) throws IOException
    {
        return start(new CostModel(fixedMs, 0, fixedMs, share));
    }
}
