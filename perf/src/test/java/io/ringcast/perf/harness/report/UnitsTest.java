package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class UnitsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameTheUnitWithThreeSignificantDigits()
    {
        assertEquals("0.042 ms", Units.ms(0.0421));
        assertEquals("1.23 ms", Units.ms(1.234));
        assertEquals("12.3 ms", Units.ms(12.34));
        assertEquals("412 ms", Units.ms(412.4));
        assertEquals("n/a", Units.ms(Double.NaN));
        assertEquals("corrected_ms", Units.key("corrected"));
    }

    @Test
    void shouldWriteHgrmInMsWithTheUnitInItsFirstLine() throws Exception
    {
        final SeriesRecorder s = new SeriesRecorder("fal-3", "fal", "FAL at 3 session(s)");
        s.record(0, 1_000_000, 12_000_000); // 12 ms from the intended time, 11 ms from the actual one
        s.sample(null, 0);

        HgrmFiles.write(dir.toFile(), s);

        final List<String> corrected = Files.readAllLines(dir.resolve("fal-3.hgrm"));
        final List<String> raw = Files.readAllLines(dir.resolve("fal-3-raw.hgrm"));
        assertTrue(
            corrected.get(0).startsWith("# fal-3: FAL at 3 session(s)")
                && corrected.get(0).endsWith("Value column in ms (milliseconds)"),
            corrected.get(0));
        assertTrue(raw.get(0).startsWith("# fal-3-raw:"), raw.get(0));
        assertTrue(corrected.stream().anyMatch(l -> l.matches("#\\[Max\\s+=\\s+12\\.0\\d*,.*")),
            "12 ms written as 12.0: " + corrected);
        assertTrue(raw.stream().anyMatch(l -> l.matches("#\\[Max\\s+=\\s+11\\.0\\d*,.*")),
            "11 ms written as 11.0: " + raw);
        assertTrue(corrected.get(1).trim().startsWith("Value"), "the plotter's own header follows the comment");
    }
}
