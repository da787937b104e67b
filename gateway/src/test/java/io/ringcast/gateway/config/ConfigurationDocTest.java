package io.ringcast.gateway.config;

import io.ringcast.bridge.batching.BatchingConfiguration;
import io.ringcast.engine.EngineConfiguration;
import io.ringcast.settings.Setting;
import io.ringcast.settings.SettingsTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/configuration.md's settings tables (and docs/bridge.md's batching table) are generated from the settings'
 * declarations ({@link GatewayConfiguration}, {@link EngineConfiguration}, {@link BatchingConfiguration}); this fails
 * when a file is stale, naming the first line that differs and how to regenerate it ({@link #REGENERATE}).
 */
@Tag("unit")
class ConfigurationDocTest
{
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Path BRIDGE_DOC = Path.of("..", "docs", "bridge.md");
    private static final String REGENERATE = "mvn -B -ntp -o -pl gateway -am test -Dtest=ConfigurationDocTest " +
        "-Dsurefire.failIfNoSpecifiedTests=false -Dringcast.regenerateDocs=true";

    /**
     * @param doc the document as it is.
     * @return the document with every settings table made anew from the declarations.
     */
    static String generate(final String doc)
    {
        String out = SettingsTable.replaceSection(doc, "logging", table(GatewayConfiguration.LOGGING));
        out = SettingsTable.replaceSection(out, "gateway", table(GatewayConfiguration.ALL));
        out = SettingsTable.replaceSection(out, "engine", table(EngineConfiguration.ALL));
        return SettingsTable.replaceSection(out, "bridge", table(BatchingConfiguration.ALL));
    }

    private static String table(final List<Setting<?>> settings)
    {
        return SettingsTable.markdown(settings, s -> ServeSettings.byKey(s.key()) == s ? "" : "(API only)");
    }

    @Test
    void shouldHaveTheSettingsTablesOfTheCode() throws IOException
    {
        check(DOC, ConfigurationDocTest::generate);
    }

    @Test
    void shouldHaveTheBatchingTableOfTheCodeInBridgeDocs() throws IOException
    {
        check(BRIDGE_DOC, doc -> SettingsTable.replaceSection(doc, "bridge", table(BatchingConfiguration.ALL)));
    }

    private static void check(final Path file, final UnaryOperator<String> generator) throws IOException
    {
        final String doc = Files.readString(file, StandardCharsets.UTF_8);
        final String fresh = generator.apply(doc);
        if (Boolean.getBoolean("ringcast.regenerateDocs"))
        {
            Files.writeString(file, fresh, StandardCharsets.UTF_8);
            return;
        }
        if (!fresh.equals(doc))
        {
            final String[] was = doc.split("\n", -1);
            final String[] is = fresh.split("\n", -1);
            int line = 0;
            while (line < Math.min(was.length, is.length) && was[line].equals(is[line]))
            {
                line++;
            }
            fail(file.normalize() + " is stale at line " + (line + 1) + ":\n  file: " +
                (line < was.length ? was[line] : "(end)") + "\n  code: " + (line < is.length ? is[line] : "(end)") +
                "\nregenerate it with: " + REGENERATE);
        }
    }

    @Test
    void shouldReplaceOnlyBetweenTheMarkers()
    {
        final String doc = "intro\n<!-- settings:logging:begin -->\nold\n<!-- settings:logging:end -->\nrest\n";
        final String out = SettingsTable.replaceSection(doc, "logging", "new\n");
        assertEquals("intro\n<!-- settings:logging:begin -->\nnew\n<!-- settings:logging:end -->\nrest\n", out);
    }
}
