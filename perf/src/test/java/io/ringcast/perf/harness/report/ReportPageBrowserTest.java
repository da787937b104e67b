package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.BenchCommand;
import io.ringcast.testsupport.Externals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's report.html from a short real run (fal at 1, 3 and 10 sessions against the embedded gateway),
 * opened in headless Chromium (Debian's chromium and chromium-driver; skipped when absent unless
 * {@code RINGCAST_REQUIRE_EXTERNALS=1}): headline card first, the charts drawn, no console error, nothing
 * fetched from anywhere.
 */
@Tag("browser")
class ReportPageBrowserTest
{
    @TempDir
    static Path dir;

    static ChromeDriver browser;

    @BeforeAll
    static void runAndOpen() throws Exception
    {
        final Path chromium = Externals.require("chromium", "chromium");
        final Path driver = Externals.require("chromedriver", "chromium-driver");
        BenchCommand.execute("--quick", "--no-progress", "--scenario", "fal", "--sessions", "1,3,10", "--duration",
            "1s",
            "--warmup", "0s", "--out", dir.toString());
        final ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + Files.createTempDirectory("ringcast-chromium"));
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // An explicit driver path: Selenium Manager never tries to download one.
        browser = new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(),
            options);
        browser.get(new File(dir.toFile(), "report.html").toURI().toString());
    }

    @AfterAll
    static void close()
    {
        if (browser != null)
        {
            browser.quit();
        }
    }

    @Test
    void shouldOpenWithTheVerdictAndItsReasonsBeforeTheTable()
    {
        final WebElement card = browser.findElement(By.id("headline"));
        final String text = card.getText();
        assertTrue(text.matches("(?s)Result: (PASS|FAIL).*"), text);
        assertTrue(text.contains("FAL p50 / p99 @10 sessions") && text.contains(" ms"),
            "key figures with their unit: " + text);
        assertTrue(text.contains("per-frame lateness p99"), text);
        // --quick never claims the zero-delay gateway targets; it says so instead of failing them.
        assertTrue(text.contains("not judged by --quick"), text);
        assertTrue(!text.contains("FAIL") || text.contains("reason"), "a FAIL says why: " + text);
        final List<WebElement> order = browser.findElements(By.cssSelector("#headline, #fal-curves, table"));
        assertEquals(List.of("div", "div", "table"), order.stream().map(WebElement::getTagName).toList(),
            "card, charts, then the table");
    }

    @Test
    void shouldDrawTheChartsPeopleLookAtFirst()
    {
        for (final String id : List.of("fal-curves", "lateness-curves", "fal-time"))
        {
            final WebElement svg = browser.findElement(By.cssSelector("#" + id + " svg"));
            assertTrue(svg.getRect().getWidth() > 300 && svg.getRect().getHeight() > 200,
                id + " is drawn: " + svg.getRect());
            final List<WebElement> lines = svg.findElements(By.tagName("polyline"));
            assertTrue(lines.stream().allMatch(l -> l.getAttribute("points").split(" ").length >= 2),
                id + ": every line has points");
            final List<String> ticks =
                svg.findElements(By.cssSelector("text[text-anchor='middle']")).stream().map(WebElement::getText)
                    .filter(t -> !t.isBlank() && !t.contains("(")).toList();
            assertEquals(ticks.size(), new HashSet<>(ticks).size(), id + ": no repeated x label " + ticks);
        }
        final WebElement fal = browser.findElement(By.cssSelector("#fal-curves svg"));
        assertEquals(3, fal.findElements(By.tagName("polyline")).size(),
            "FAL at 1, 3 and 10 sessions overlaid in one chart");
        assertEquals(3, fal.findElements(By.tagName("circle")).size(), "a p99 dot per curve");
        assertTrue(fal.getText().contains("10 sessions: p99") && fal.getText().contains("max"),
            "p99 and max in the legend");
        assertTrue(fal.getText().contains("first audio latency (ms)") && fal.getText().contains("99.9%"),
            "axes name unit and percentile");
        assertTrue(browser.findElement(By.cssSelector("#fal-time svg")).getText().contains("run time (s)"));
    }

    @Test
    void shouldFetchNothingAndLogNoError()
    {
        final String csp =
            browser.findElement(By.cssSelector("meta[http-equiv='Content-Security-Policy']")).getAttribute("content");
        assertTrue(csp.startsWith("default-src 'none'"), csp);
        final Object fetched =
            browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertEquals(List.of(), fetched, "no request beyond the page itself");
        final List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertTrue(entries.stream().noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue()),
            "no console error or CSP violation: " + entries);
    }
}
