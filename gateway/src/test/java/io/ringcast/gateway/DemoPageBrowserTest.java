package io.ringcast.gateway;

import io.ringcast.gateway.support.Gateways;
import io.ringcast.testsupport.Externals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo page in headless Chromium (Debian's chromium and chromium-driver): speak, hear, pause, resume. */
@Tag("browser")
class DemoPageBrowserTest
{
    private GatewayServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception
    {
        final Path chromium = Externals.require("chromium", "chromium");
        final Path driver = Externals.require("chromedriver", "chromium-driver");
        server = Gateways.start();
        final ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required",
            "--user-data-dir=" + Files.createTempDirectory("ringcast-chromium"));
        // An explicit driver path: Selenium Manager never tries to download one.
        browser = new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(),
            options);
    }

    @AfterEach
    void stop()
    {
        if (browser != null)
        {
            browser.quit();
        }
        if (server != null)
        {
            server.close();
        }
    }

    private String text(final String id)
    {
        return browser.findElement(By.id(id)).getText();
    }

    private int frames()
    {
        return Integer.parseInt(text("frames"));
    }

    @Test
    void shouldSpeakReceiveAudioPauseAndResumeFromThePage() throws Exception
    {
        final WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        browser.get(Gateways.http(server) + "/");
        wait.until(b -> text("session").startsWith("s-"));
        browser.findElement(By.id("text")).clear();
        browser.findElement(By.id("text"))
            .sendKeys("The demo page speaks, pauses and resumes this sentence in real time.");
        browser.findElement(By.id("speak")).click();

        wait.until(b -> frames() >= 10);
        assertTrue(Double.parseDouble(text("fal")) > 0, "first audio latency shown");
        browser.findElement(By.id("pause")).click();
        wait.until(b -> text("state").equals("paused"));
        assertTrue(Double.parseDouble(text("bargein")) >= 0, "barge-in latency shown");
        final int atPause = frames();
        Thread.sleep(400); // a window in which no frame may arrive
        assertEquals(atPause, frames(), "no frame arrives while paused");

        browser.findElement(By.id("resume")).click();
        wait.until(b -> frames() > atPause);
        wait.until(b -> text("state").startsWith("idle (done"));
        assertEquals("0", text("gaps"), "no frame lost");
        assertTrue(text("log").contains("\"type\":\"audio_end\""));
    }
}
