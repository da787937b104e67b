package io.ringcast.gateway.support;

import io.ringcast.gateway.GatewayConfig;
import io.ringcast.gateway.GatewayServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * A real gateway for every test of a class: started before the first, closed after the last. Register it on a
 * static field, instead of a static server with its own {@code @BeforeAll}/{@code @AfterAll}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestGateway GATEWAY = TestGateway.withDefaults();
 * }</pre>
 */
public final class TestGateway implements BeforeAllCallback, AfterAllCallback
{
    private final UnaryOperator<GatewayConfig.Builder> customize;
    private GatewayServer server;

    private TestGateway(final UnaryOperator<GatewayConfig.Builder> customize)
    {
        this.customize = customize;
    }

    /** @return a gateway with {@link Gateways#config()}: an ephemeral loopback port, the embedded zero-cost worker. */
    public static TestGateway withDefaults()
    {
        return new TestGateway(UnaryOperator.identity());
    }

    /**
     * @param customize changes to {@link Gateways#config()}, e.g. {@code b -> b.auth(SECRET, false)}.
     * @return a gateway with those settings.
     */
    public static TestGateway with(final UnaryOperator<GatewayConfig.Builder> customize)
    {
        return new TestGateway(customize);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        server = GatewayServer.start(customize.apply(Gateways.config().toBuilder()).build());
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        if (server != null)
        {
            server.close();
            server = null;
        }
    }

    /** @return the running server. */
    public GatewayServer server()
    {
        if (server == null)
        {
            throw new IllegalStateException("the gateway runs only while the test class does");
        }
        return server;
    }

    /** @return its port. */
    public int port()
    {
        return server().port();
    }

    /** @return its WebSocket URL. */
    public String url()
    {
        return Gateways.url(server());
    }

    /** @return its HTTP base URL. */
    public String http()
    {
        return Gateways.http(server());
    }

    /**
     * @return a client connected to it that has received {@code ready}.
     * @throws Exception when it cannot connect or {@code ready} does not come.
     */
    public TestClient connectReady() throws Exception
    {
        final TestClient c = TestClient.connect(url());
        try
        {
            c.await("ready");
            return c;
        }
        catch (final Exception | AssertionError e)
        {
            c.close();
            throw e;
        }
    }
}
