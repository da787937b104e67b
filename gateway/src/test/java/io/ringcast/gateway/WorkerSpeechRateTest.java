package io.ringcast.gateway;

import io.ringcast.gateway.config.LayeredDefaults;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code --worker-ms-per-char} sets how long the embedded worker speaks each character, so a comparison with another
 * server can run under the same audio per utterance (the node-ws peer speaks 60 ms a character).
 */
@Tag("integration")
class WorkerSpeechRateTest
{
    private static int framesOfHello(final String... args) throws Exception
    {
        final LayeredDefaults.Loaded loaded = LayeredDefaults.load(args, Map.of());
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).setDefaultValueProvider(loaded.defaults()).parseArgs(args);
        try (GatewayServer server = GatewayServer.start(serve.toConfig());
            TestClient client = TestClient.connect(Gateways.url(server)))
        {
            client.await("ready");
            client.send("{\"type\":\"speak\",\"id\":\"a\",\"text\":\"hello\"}");
            return client.await("audio_end").path("frames").asInt();
        }
    }

    @Test
    void shouldSpeakEachCharacterForTheConfiguredTime() throws Exception
    {
        // 5 characters of 20 ms frames: 5 x 50 ms = 12.5 frames by default, 5 x 60 ms = 15.
        assertEquals(13, framesOfHello("--port", "0", "--worker-cost-model", "none"));
        assertEquals(15, framesOfHello("--port", "0", "--worker-cost-model", "none", "--worker-ms-per-char", "60"));
    }
}
