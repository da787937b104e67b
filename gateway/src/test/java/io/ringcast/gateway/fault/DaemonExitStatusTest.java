package io.ringcast.gateway.fault;

import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringcast serve} drains on SIGTERM and exits with status 0 (ServeCommand's contract). */
@Tag("integration")
class DaemonExitStatusTest
{
    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void tearDown()
    {
        children.close();
    }

    @Test
    void shouldExitWithStatus0AfterSigterm() throws Exception
    {
        final int port = ChildProcesses.freePort();
        final ChildProcesses.Child daemon = children.daemon(port, "--worker-cost-model", "none");
        try (TestClient c = TestClient.connect("ws://127.0.0.1:" + port + "/v1/stream"))
        {
            c.await("ready");
            daemon.terminate();
            assertEquals(1001, c.awaitClose(10_000));
        }
        assertTrue(daemon.process.waitFor(20, TimeUnit.SECONDS), "the daemon exits after SIGTERM");
        assertEquals(0, daemon.process.exitValue(), "exit status after SIGTERM (143 = the JVM's default for a signal)");
    }
}
