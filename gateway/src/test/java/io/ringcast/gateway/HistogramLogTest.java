package io.ringcast.gateway;

import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** --histogram-log writes the engine's interval latencies as a tagged HdrHistogram log. */
@Tag("integration")
class HistogramLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTaggedIntervalHistogramsThatHdrHistogramReads() throws Exception
    {
        final GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().histogramLog(dir, 100).build());
        try (TestClient c = TestClient.connect(Gateways.url(server)))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"h\",\"text\":\"logged\"}");
            c.await("audio_end");
            Thread.sleep(300); // some 100 ms log intervals pass
        }
        finally
        {
            server.close();
        }
        final Set<String> tags = new HashSet<>();
        final HistogramLogReader reader = new HistogramLogReader(server.histogramLog().file());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null)
        {
            tags.add(h.getTag());
        }
        assertTrue(tags.contains("queue_wait.control"), "tags: " + tags);
        assertTrue(tags.contains("end_to_end.important"), "audio frames: " + tags);
        assertTrue(tags.contains("pacing_lateness.important"), tags.toString());
    }
}
