package io.ringcast.bridge.support;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge tests' setup and teardown in one place: the reference workers and bridge clients a test starts through
 * it are closed after that test (clients first, then workers killed), whatever the outcome. Register it on an
 * instance field, instead of an {@code @AfterEach} that closes them by hand:
 *
 * <pre>{@code
 * @RegisterExtension
 * final Bridges bridges = new Bridges();
 * }</pre>
 */
public final class Bridges implements AfterEachCallback
{
    private final List<BridgeClient> clients = new ArrayList<>();
    private final List<WorkerServer> workers = new ArrayList<>();

    /**
     * @param cost the worker's simulated GPU cost.
     * @return a started reference worker on a loopback ephemeral port, killed after the test.
     * @throws IOException when it cannot start.
     */
    public WorkerServer worker(final CostModel cost) throws IOException
    {
        final WorkerServer w = Workers.start(cost);
        workers.add(w);
        return w;
    }

    /**
     * @param fixedMs the batch cost (and minimum), in milliseconds.
     * @param share   the share of it until the first chunk.
     * @return a started reference worker, killed after the test (see {@link Workers#start(double, double)}).
     * @throws IOException when it cannot start.
     */
    public WorkerServer worker(final double fixedMs, final double share) throws IOException
    {
        final WorkerServer w = Workers.start(fixedMs, share);
        workers.add(w);
        return w;
    }

    /**
     * @param builder a configured client builder.
     * @return the built client, closed after the test.
     */
    public BridgeClient client(final BridgeClient.Builder builder)
    {
        final BridgeClient c = builder.build();
        clients.add(c);
        return c;
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        for (int i = clients.size() - 1; i >= 0; i--)
        {
            clients.get(i).close();
        }
        clients.clear();
        workers.forEach(WorkerServer::kill);
        workers.clear();
    }
}
