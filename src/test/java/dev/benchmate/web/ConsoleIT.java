package dev.benchmate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.testing.JarProcess;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web console in a real browser (Debian's chromium through chromium-driver) against the packaged
 * service on the simulated NPU, with a token set, as a person at a laptop or a phone would use it.
 * Screenshots are kept in target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "console-test-token";
    private static final Path SHOTS = Path.of(System.getProperty("benchmate.source.dir", "."), "target",
            "console-screenshots");

    private static JarProcess service;
    private static ChromeDriver browser;
    private static String base;
    private static Path green;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver (.ci/run installs them)");
        Files.createDirectories(SHOTS);
        Path pictures = Files.createTempDirectory("benchmate-console");
        green = solid(pictures.resolve("green.png"), new Color(0, 200, 0));
        Path camera = solid(pictures.resolve("camera-red.png"), new Color(200, 30, 30));
        // A little decode time per token, so that the answer visibly streams (11 tokens, ~0.7 s).
        service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.http.token=" + TOKEN,
                "-Dbenchmate.camera.image=" + camera), Map.of("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", "60"));
        base = "http://127.0.0.1:" + service.port + "/";

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // CI runs as root: chromium's sandbox needs a user namespace it cannot have there.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US");
        // The driver is named: Selenium Manager has nothing to look for, and never downloads.
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));

        assertTrue(service.awaitOutput("Benchmate ready", 60), service.output());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void asksForTheTokenOnceThenStreamsTheAnswerAboutTheAttachedPictureWithItsWaterfall() throws Exception {
        browser.get(base);
        // Every request of the page got 401: one dialog asks for the token.
        await("the token dialog", () -> tokenDialogOpen(), 10);
        assertTrue(browser.findElement(By.id("token-why")).getText().contains("benchmate.http.token"));
        browser.findElement(By.id("token-input")).sendKeys("not-the-token", Keys.ENTER);
        await("the token dialog again, saying the token was refused",
                () -> tokenDialogOpen() && browser.findElement(By.id("token-why")).getText().contains("refused"), 10);
        browser.findElement(By.id("token-input")).sendKeys(TOKEN, Keys.ENTER);
        await("the health panel after the token", () -> text("health-ready").startsWith("yes"), 15);
        assertFalse(tokenDialogOpen(), "asked for the token again");
        assertTrue(browser.findElement(By.id("simulated")).isDisplayed(), "no SIMULATED badge on the simulator");
        await("the live event stream", () -> text("connection").equals("live"), 10);
        assertTrue(List.of("IDLE", "LISTENING").contains(text("state")), "state: " + text("state"));

        browser.findElement(By.id("picture")).sendKeys(green.toString());
        WebElement question = firstTextField();
        assertEquals("question", question.getAttribute("id"), "the question box is not the page's first text field");
        // What a person watching would see: every text the answer and the state take, as the page shows them.
        js("window.seen = {answers: [], states: []};"
                + " const note = (list, text) => { if (text && list[list.length - 1] !== text) list.push(text); };"
                + " const a = document.getElementById('turn-answer'), s = document.getElementById('state');"
                + " new MutationObserver(() => note(seen.answers, a.textContent)).observe(a, {childList: true, characterData: true, subtree: true});"
                + " new MutationObserver(() => note(seen.states, s.textContent)).observe(s, {childList: true, characterData: true, subtree: true});");
        question.sendKeys("What colour is this?", Keys.ENTER);

        // The answer grows as the tokens arrive, then is the simulator's whole answer.
        String expected = "Simulated answer to turn 1. The picture is green.";
        await("the simulated answer", () -> text("turn-answer").equals(expected), 20);
        List<?> seen = (List<?>) js("return seen.answers");
        List<?> states = (List<?>) js("return seen.states");
        assertTrue(seen.size() >= 3 && expected.startsWith(seen.get(0).toString())
                        && seen.get(0).toString().length() < expected.length(),
                "the answer did not stream (seen: " + seen + ")");
        assertTrue(states.contains("THINKING"), "states seen: " + states);
        System.out.println("the answer as the page showed it while streaming: " + seen + "; states: " + states);
        assertEquals("1", text("turn-number"));
        assertEquals("What colour is this?", text("turn-question"));

        // A waterfall for turn 1, each stage with its figure in ms on one axis.
        WebElement waterfall = browser.findElement(By.cssSelector("#waterfalls .waterfall[data-turn='1']"));
        String figures = waterfall.getText();
        for (String stage : List.of("Transcript", "Vision", "Prefill", "First token", "First audio", "Total")) {
            assertTrue(figures.contains(stage), stage + " missing from the waterfall: " + figures);
        }
        int total = figure(waterfall, "total");
        int firstToken = figure(waterfall, "token");
        assertTrue(total > 0 && firstToken >= 0 && firstToken <= total, figures);
        assertTrue(figures.contains("not spoken"), "speak=false, yet: " + figures);
        double totalBar = ((Number) js("return arguments[0].querySelector('[data-stage=total] .wf-bar')"
                + ".getBoundingClientRect().width", waterfall)).doubleValue();
        assertTrue(totalBar > 50, "the total bar is " + totalBar + " px wide");

        // The picture used for the turn is the green one that was attached.
        await("the turn's picture", () -> (Boolean) js("const i = document.getElementById('turn-picture');"
                + " return i.complete && i.naturalWidth > 0 && !document.getElementById('turn-figure').hidden"), 10);
        List<?> rgb = (List<?>) js("const i = document.getElementById('turn-picture');"
                + " const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;"
                + " const g = c.getContext('2d'); g.drawImage(i, 0, 0);"
                + " return Array.from(g.getImageData(c.width >> 1, c.height >> 1, 1, 1).data).slice(0, 3);");
        int r = ((Number) rgb.get(0)).intValue();
        int g = ((Number) rgb.get(1)).intValue();
        int b = ((Number) rgb.get(2)).intValue();
        assertTrue(g > 150 && r < 60 && b < 60, "the picture shown is not the green one: " + rgb);

        await("the state back to idle or listening", () -> List.of("IDLE", "LISTENING").contains(text("state")), 10);
        assertTrue(text("failures").isEmpty(), "failures shown: " + text("failures"));
        assertTrue(text("picture-hint").contains("camera"), "the sent picture stays attached: " + text("picture-hint"));
        // the whole page, for the README (docs/console.png is a copy of a good one)
        browser.manage().window().setSize(new Dimension(1280, 1500));
        screenshot("console.png");
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    @Order(2)
    void keepsTheTokenAndUsesTheCameraWithoutAnAttachedPicture() throws Exception {
        browser.navigate().refresh();
        await("the health panel", () -> text("health-ready").startsWith("yes"), 15);
        assertFalse(tokenDialogOpen(), "the kept token was asked for again");
        await("the live event stream", () -> text("connection").equals("live"), 10);
        assertTrue(text("picture-hint").contains("camera"), text("picture-hint"));
        // The picture the last turn used is there before anything is asked on this page.
        await("the last turn's picture", () -> !browser.findElement(By.id("turn-figure")).getAttribute("class")
                .isEmpty() && browser.findElement(By.id("turn-figure")).isDisplayed(), 10);

        firstTextField().sendKeys("And now?");
        browser.findElement(By.id("ask-button")).click();
        // The camera's frame (a red picture here) went with the question; a new picture starts a fresh
        // context with the earlier exchange written back as its own turn, so the simulator counts turn 2.
        await("the answer about the camera's frame",
                () -> text("turn-answer").equals("Simulated answer to turn 2. The picture is red."), 20);
        await("a waterfall for turn 2", () -> !browser.findElements(
                By.cssSelector("#waterfalls .waterfall[data-turn='2']")).isEmpty(), 5);
        assertFalse(tokenDialogOpen());
    }

    @Test
    @Order(3)
    void fitsAPhone() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        await("the health panel", () -> text("health-ready").startsWith("yes"), 15);
        WebElement question = firstTextField();
        assertTrue(question.isDisplayed());
        Map<?, ?> box = (Map<?, ?>) js("const r = arguments[0].getBoundingClientRect();"
                + " const a = document.getElementById('ask-button').getBoundingClientRect();"
                + " return {left: r.left, right: r.right, askRight: a.right, viewport: document.documentElement.clientWidth,"
                + " scroll: document.documentElement.scrollWidth};", question);
        double viewport = ((Number) box.get("viewport")).doubleValue();
        assertTrue(viewport <= 390, "not a phone-sized viewport: " + box);
        assertTrue(((Number) box.get("scroll")).doubleValue() <= viewport, "the page scrolls sideways: " + box);
        assertTrue(((Number) box.get("left")).doubleValue() >= 0
                && ((Number) box.get("askRight")).doubleValue() <= viewport, "the question box or Ask is cut off: " + box);
        screenshot("console-phone.png");
    }

    private static WebElement firstTextField() {
        return browser.findElement(By.cssSelector(
                "input:not([type]), input[type='text'], input[type='search'], textarea"));
    }

    private static boolean tokenDialogOpen() {
        return Boolean.TRUE.equals(js("return document.getElementById('token-dialog').open"));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    /** The figure (ms) of one row of a waterfall. */
    private static int figure(WebElement waterfall, String stage) {
        String value = waterfall.findElement(By.cssSelector("[data-stage='" + stage + "'] .wf-value")).getText();
        return Integer.parseInt(value.replaceAll("^(-?\\d+) ms.*$", "$1"));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void await(String what, Supplier<Boolean> condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            Thread.sleep(50);
        }
        screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
        throw new AssertionError("no " + what + " after " + seconds + " s; notice: " + text("notice") + "; failures: "
                + text("failures") + "\nservice:\n" + service.output());
    }

    private static void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.out.println("no screenshot " + name + ": " + e);
        }
    }

    private static Path solid(Path file, Color color) throws IOException {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
