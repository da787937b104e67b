package io.ringcast.gateway.support;

import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.gateway.GatewayConfig;
import io.ringcast.gateway.GatewayServer;

/** Starts real gateways on ephemeral loopback ports, with an embedded reference worker at zero cost. */
public final class Gateways
{
    private Gateways()
    {
    }

    /** @return test defaults: port 0, the embedded worker without its GPU cost model. */
    public static GatewayConfig config()
    {
        return GatewayConfig.builder().listen("127.0.0.1", 0)
            .discovery(() -> new EmbeddedDiscovery(WorkerConfig.builder().port(0).costModel(CostModel.NONE).build()))
            .build();
    }

    /** @return a running gateway with {@link #config()}. */
    public static GatewayServer start()
    {
        return GatewayServer.start(config());
    }

    /** @return the WebSocket URL of a gateway. */
    public static String url(final GatewayServer server)
    {
        return "ws://127.0.0.1:" + server.port() + "/v1/stream";
    }

    /** @return the HTTP base URL of a gateway. */
    public static String http(final GatewayServer server)
    {
        return "http://127.0.0.1:" + server.port();
    }
}
