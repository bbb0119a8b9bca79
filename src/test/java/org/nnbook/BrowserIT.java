package org.nnbook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Notebook 01 in a real browser: a classic Jupyter Notebook server on 127.0.0.1 (a free port, a random
 * token, the build's {@code nnbook} kernelspec from {@code <build>/jupyter} on JUPYTER_PATH, quick mode
 * through NNBOOK_QUICK), and headless Chromium driven by Selenium through the system's chromedriver.
 * The test opens a copy of the notebook, waits for the kernel, clicks Cell &gt; Run All in the page's
 * menu, waits until every cell has run and the kernel is idle, and checks what a student sees:
 *
 * <ul>
 *   <li>no cell shows an error, and every code cell ran;</li>
 *   <li>the kernel ran in quick mode (the first cell says so);</li>
 *   <li>the training cell's live progress was updated in place: a MutationObserver installed before
 *       Run All records that cell's outputs at every change; the progress text must go through several
 *       states ("epoch 1/8 starting...", the epochs' lines, ...) and end as the one-line summary, never
 *       with two progress outputs side by side, nor more outputs than at the end;</li>
 *   <li>every chart cell shows an {@code img} with a {@code data:image/png} source that decoded to a
 *       non-zero size.</li>
 * </ul>
 *
 * <p>Artifacts in {@code <build>/browser/} (target/browser/): {@code notebook-01.png} (the whole page
 * after the run), {@code notebook-01-training.png} (the training cell at the end),
 * {@code notebook-01-training-midrun.png} (the training cell while it trained, when a screenshot fell in
 * that window: quick-mode training lasts about a second), {@code progress-states.txt} (every recorded
 * state of the training cell's outputs), {@code jupyter-server.log} (server and kernel),
 * {@code chromedriver.log}, and {@code notebooks/} (the copy that ran, saved with its outputs).
 *
 * <p>Needs Chromium, its chromedriver and a classic Notebook server (Notebook 6: Debian's
 * jupyter-notebook). Without them the test is skipped with a message saying how to install them,
 * unless NNBOOK_REQUIRE_BROWSER=1 (or -Dnnbook.requireBrowser=true), which makes it fail instead (CI).
 * Knobs: NNBOOK_CHROMIUM / -Dnnbook.chromium, NNBOOK_CHROMEDRIVER / -Dnnbook.chromedriver (the two
 * programs), NNBOOK_JUPYTER (the jupyter command), -Dnnbook.browser.timeout (s for Run All, default 900).
 */
class BrowserIT {
    static final String NOTEBOOK = "01-neuron-and-fully-connected-network.ipynb";
    static final String HOW_TO_INSTALL_CHROMIUM = "install Debian's Chromium and its driver: as root, 'binder/course test' "
            + "installs them (or: apt-get install -y --no-install-recommends chromium chromium-driver), or point "
            + "NNBOOK_CHROMIUM and NNBOOK_CHROMEDRIVER at a Chromium/Chrome and the chromedriver of the same version";

    /** A line of the live progress while it trains: "epoch 3/8  |████   |  4/15  loss ..." or "epoch 2/8  starting...". */
    private static final Pattern PROGRESS = Pattern.compile("(?m)^epoch \\d+/\\d+\\b");
    /** The summary that replaces it at the end: "8 epochs in 1.2 s: loss ...". */
    private static final Pattern SUMMARY = Pattern.compile("^\\d+ epochs? in [\\d.]+ s");

    /** Selenium looks for a CDP binding of this Chromium's version for features the test does not use, and warns. */
    private static final Logger CDP_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(Level.SEVERE);
    }

    private final List<String> notes = new ArrayList<>();

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void notebook01RunsInHeadlessChromium() throws Exception {
        Path notebook = Path.of(System.getProperty("nnbook.notebooks.dir", "notebooks")).resolve(NOTEBOOK);
        if (!Files.isRegularFile(notebook)) {
            fail("no " + notebook + ": the browser test runs notebook 01");
        }
        Path chromium = program("nnbook.chromium", "NNBOOK_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Path driverExe = program("nnbook.chromedriver", "NNBOOK_CHROMEDRIVER", "chromedriver", "/usr/lib/chromium/chromedriver");
        Path jupyter = Jupyter.command();
        List<String> absent = new ArrayList<>();
        if (chromium == null) absent.add(setting("nnbook.chromium", "NNBOOK_CHROMIUM")
                .orElse("Chromium is not installed (no chromium on PATH or in /usr/bin)") + ": " + HOW_TO_INSTALL_CHROMIUM);
        if (driverExe == null) absent.add(setting("nnbook.chromedriver", "NNBOOK_CHROMEDRIVER")
                .orElse("chromedriver is not installed (none on PATH or in /usr/bin)") + ": " + HOW_TO_INSTALL_CHROMIUM);
        String server = NotebookServer.missing(jupyter);
        if (server != null) absent.add(server);
        if (!absent.isEmpty()) {
            String why = "The browser test needs what is missing here:\n- " + String.join("\n- ", absent);
            if (required()) {
                fail(why + "\n(NNBOOK_REQUIRE_BROWSER=1 makes this a failure, not a skip.)");
            }
            System.out.println("[BrowserIT] SKIPPED. " + why);
            Assumptions.abort(why + "\n(Skipped; NNBOOK_REQUIRE_BROWSER=1 makes it fail.)");
        }
        Path spec = Jupyter.jupyterPath().resolve("kernels").resolve(Jupyter.KERNEL).resolve("kernel.json");
        if (!Files.isRegularFile(spec)) {
            fail("no kernelspec at " + spec + ": the pre-integration-test phase writes it "
                    + "(bash binder/install-kernel.sh <build>/jupyter/kernels <build>); run 'mvn verify', not the IT alone");
        }

        // A fresh run folder; the notebook runs from a copy there (the server saves what it runs).
        Path run = Jupyter.buildDir().resolve("browser");
        deleteTree(run);
        Path served = Files.createDirectories(run.resolve("notebooks"));
        Files.copy(notebook, served.resolve(NOTEBOOK));
        Cells cells = Cells.of(notebook);

        long t0 = System.nanoTime();
        Map<String, String> env = Map.of(
                "JUPYTER_PATH", Jupyter.jupyterPath().toString(),
                "NNBOOK_QUICK", Jupyter.quick());
        try (NotebookServer nb = NotebookServer.start(jupyter, served, run, env, 120)) {
            note("Jupyter Notebook server at %s (%.1f s to start)", nb.base, (System.nanoTime() - t0) / 1e9);
            Path profile = Files.createDirectories(run.resolve("chromium-profile"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverExe.toFile())
                    .usingAnyFreePort()
                    .withLogFile(run.resolve("chromedriver.log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            // As the machines here need it: no sandbox (root), no GPU, and no background connections
            // (a closed network refuses them), a profile of its own.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--disable-extensions", "--window-size=1280,1000",
                    "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriver driver = null;
            try {
                long b0 = System.nanoTime();
                try {
                    driver = new ChromeDriver(service, options);
                } catch (WebDriverException e) {
                    fail("Chromium did not start under " + driverExe + " (" + chromium + "): " + firstLine(e.getMessage())
                            + "\nchromedriver's log: " + run.resolve("chromedriver.log") + "\n"
                            + NotebookServer.tail(run.resolve("chromedriver.log"), 20), e);
                }
                note("Chromium %s started in %.1f s", driver.getCapabilities().getBrowserVersion(), (System.nanoTime() - b0) / 1e9);
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120)).scriptTimeout(Duration.ofSeconds(60));
                runAndCheck(driver, nb, cells, run);
            } finally {
                if (driver != null) {
                    try {
                        driver.quit();
                    } catch (RuntimeException e) {
                        System.out.println("[BrowserIT] closing Chromium: " + firstLine(e.getMessage()));
                    }
                }
                service.stop();
                deleteTree(profile);
            }
        } finally {
            note("total %.1f s; artifacts in %s", (System.nanoTime() - t0) / 1e9, run);
            notes.forEach(n -> System.out.println("[BrowserIT] " + n));
        }
    }

    private void runAndCheck(ChromeDriver driver, NotebookServer nb, Cells cells, Path run) throws IOException {
        // 1. Open the notebook and wait for its kernel.
        driver.get(nb.notebook(NOTEBOOK).toString());
        long k0 = System.nanoTime();
        waitFor(180, () -> {
            JsonObject s = state(driver);
            String dialog = s.get("dialog").getAsString();
            if (!dialog.isBlank()) {
                throw new AssertionError("The notebook page shows a dialog instead of a ready kernel:\n" + dialog
                        + "\nServer log " + nb.log + " ends:\n" + nb.logTail(30));
            }
            if (s.get("kernel").getAsString().contains("kernel_dead_icon")) {
                throw new AssertionError("The kernel died at start. Server log " + nb.log + " ends:\n" + nb.logTail(40));
            }
            return s.get("ready").getAsBoolean() ? true : null;
        }, () -> "The notebook page did not get a connected, idle kernel in 180 s (page title '" + safe(driver::getTitle)
                + "', kernel indicator '" + safe(() -> state(driver).get("kernel").getAsString()) + "'). Server log " + nb.log
                + " ends:\n" + nb.logTail(40));
        String kernel = (String) js(driver, "return Jupyter.notebook.kernel.name;");
        note("notebook open, kernel '%s' ready in %.1f s", kernel, (System.nanoTime() - k0) / 1e9);
        if (nb.logTail(400).contains("Timeout waiting for kernel_info reply")) {
            // Seen with rapaio-jupyter-kernel 3.0.1 (about one start in two here): its channels poll before its
            // message handlers exist, so the one kernel_info_request the server sends when the page connects can
            // be dropped (the loop fix's "a round failed ... handlers is null", or "Unhandled message"), and the
            // server waits its kernel_info_timeout (60 s) before it lets the page talk to the kernel.
            note("WARNING: the server timed out waiting for the kernel's first kernel_info reply (see %s): "
                    + "a student waits that long for a new kernel", nb.log);
        }
        if (!Jupyter.KERNEL.equals(kernel)) {
            fail("The page runs kernel '" + kernel + "', not the build's '" + Jupyter.KERNEL + "' (JUPYTER_PATH=" + Jupyter.jupyterPath() + ")");
        }
        Object training = js(driver, "return Jupyter.notebook.get_cell(arguments[0]).get_text();", cells.training);
        if (!(training instanceof String t) || !t.contains(".fit(")) {
            fail("The page's cell " + cells.training + " is not the training cell of " + NOTEBOOK + " (page and file disagree)");
        }

        // 2. Record every change of the training cell's outputs, then Run All from the menu.
        js(driver, OBSERVER, cells.training);
        driver.findElement(By.id("celllink")).click();
        WebElement runAll = driver.findElement(By.cssSelector("#run_all_cells > a"));
        waitFor(10, () -> runAll.isDisplayed() ? true : null, () -> "The Cell menu did not open (no visible 'Run All')");
        runAll.click();
        long r0 = System.nanoTime();
        waitFor(30, () -> state(driver).get("started").getAsBoolean() ? true : null,
                () -> "Cell > Run All did not start any cell in 30 s (no 'In [*]' or numbered prompt)");

        // 3. Wait until every cell has run (or one failed, which stops Run All) and the kernel is idle.
        long timeout = Long.getLong("nnbook.browser.timeout", 900);
        Path midRun = run.resolve("notebook-01-training-midrun.png");
        JsonObject end;
        try {
            end = waitFor(timeout, () -> {
                JsonObject s = state(driver);
                String dialog = s.get("dialog").getAsString();
                if (s.get("kernel").getAsString().contains("kernel_dead_icon") || !dialog.isBlank()) {
                    // e.g. "The kernel appears to have died. It will restart automatically." (out of memory?)
                    throw new AssertionError("The kernel died, or the page stopped with a dialog, while running "
                            + runningCell(s, cells) + (dialog.isBlank() ? "" : "\nDialog: " + dialog) + "\nServer log "
                            + nb.log + " ends:\n" + nb.logTail(40));
                }
                if (!Files.exists(midRun) && trainingMidRun(driver)) {
                    screenshotMidRun(driver, cells.training, midRun);
                }
                return s.get("done").getAsBoolean() ? s : null;
            }, () -> "Run All did not finish in " + timeout + " s (quick=" + Jupyter.quick() + "); still running "
                    + safe(() -> runningCell(state(driver), cells)) + ". Server log " + nb.log + " ends:\n" + nb.logTail(30));
            note("Run All took %.1f s (quick=%s)", (System.nanoTime() - r0) / 1e9, Jupyter.quick());
        } finally {
            saveNotebook(driver);
            screenshots(driver, cells.training, run);
        }

        // 4. What the page shows.
        List<String> problems = new ArrayList<>();
        JsonArray prompts = end.getAsJsonArray("prompts");
        JsonArray errors = end.getAsJsonArray("errors");
        boolean failed = false;
        for (int i = 0; i < errors.size(); i++) {
            for (JsonElement e : errors.get(i).getAsJsonArray()) {
                problems.add("cell " + i + " shows an error:\n" + indent(e.getAsString()));
                failed = true;
            }
        }
        List<Integer> notRun = new ArrayList<>();
        for (int i : cells.code) {
            if (!prompts.get(i).getAsString().matches("\\d+")) notRun.add(i);
        }
        if (!notRun.isEmpty()) {
            problems.add("code cells that did not run: " + notRun + (failed ? " (Run All stops at an error)" : ""));
        }
        String quickLine = "running in " + ("0".equals(Jupyter.quick()) ? "full" : "quick") + " mode";
        String first = end.getAsJsonArray("texts").get(cells.code.get(0)).getAsString();
        if (!first.contains(quickLine)) {
            problems.add("the first cell should say '" + quickLine + "' (NNBOOK_QUICK=" + Jupyter.quick()
                    + " must reach the kernel through the server), it shows: " + first.strip());
        }
        checkProgress(driver, cells, run, problems);
        checkCharts(driver, cells, problems);
        if (!problems.isEmpty()) {
            fail(NOTEBOOK + " in Chromium (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + "; screenshots and logs in " + run + "):\n- " + String.join("\n- ", problems));
        }
    }

    /** The recorded states of the training cell's outputs: the progress must change in place and end as the summary. */
    private void checkProgress(ChromeDriver driver, Cells cells, Path run, List<String> problems) throws IOException {
        JsonArray states = JsonParser.parseString((String) js(driver, "return JSON.stringify(window.__nnbookProgress.states);"))
                .getAsJsonArray();
        List<String> report = new ArrayList<>();
        Set<String> progressTexts = new LinkedHashSet<>();
        Set<Integer> progressNodes = new LinkedHashSet<>();
        int maxOutputs = 0, side = 0, position = -1;
        boolean moved = false;
        for (JsonElement e : states) {
            JsonObject st = e.getAsJsonObject();
            JsonArray areas = st.getAsJsonArray("areas");
            maxOutputs = Math.max(maxOutputs, areas.size());
            report.add(String.format("t=%6d ms  %d output(s)", st.get("t").getAsLong(), areas.size()));
            int here = 0;
            for (int i = 0; i < areas.size(); i++) {
                JsonObject a = areas.get(i).getAsJsonObject();
                String text = a.get("text").getAsString();
                report.add(String.format("    [%d] node #%d %s %s", i, a.get("id").getAsInt(), a.get("kind").getAsString(),
                        a.get("kind").getAsString().equals("image") ? a.get("src").getAsString() + "..."
                                : text.strip().replace("\n", "\n                       ")));
                if (isProgress(text)) {
                    here++;
                    progressTexts.add(text.strip());
                    progressNodes.add(a.get("id").getAsInt());
                    if (position >= 0 && position != i) moved = true;
                    position = i;
                }
            }
            if (here > 1) side++;
        }
        Files.write(run.resolve("progress-states.txt"), report, StandardCharsets.UTF_8);
        note("training cell: %d recorded states, %d distinct progress texts on %d successive nodes, at most %d outputs",
                states.size(), progressTexts.size(), progressNodes.size(), maxOutputs);
        String where = " (every state: " + run.resolve("progress-states.txt") + ")";
        if (states.isEmpty()) {
            problems.add("the training cell's outputs were never recorded" + where);
            return;
        }
        JsonArray last = states.get(states.size() - 1).getAsJsonObject().getAsJsonArray("areas");
        List<String> finalProgress = new ArrayList<>();
        int images = 0;
        for (JsonElement a : last) {
            String text = a.getAsJsonObject().get("text").getAsString();
            if (isProgress(text)) finalProgress.add(text.strip());
            if (a.getAsJsonObject().get("kind").getAsString().equals("image")) images++;
        }
        if (progressTexts.size() < 3) {
            problems.add("the live progress went through " + progressTexts.size() + " state(s), expected several "
                    + "(epoch 1 starting, the epochs' lines, the summary): " + progressTexts + where);
        }
        if (side > 0) {
            problems.add("the live progress was appended, not replaced: " + side + " state(s) showed two progress outputs" + where);
        }
        if (moved) {
            problems.add("the live progress output moved among the cell's outputs instead of being replaced where it was" + where);
        }
        if (maxOutputs > last.size()) {
            problems.add("the training cell had " + maxOutputs + " outputs while it ran but " + last.size()
                    + " at the end: updates were appended, then removed" + where);
        }
        if (finalProgress.size() != 1 || !SUMMARY.matcher(finalProgress.get(0)).find()
                || PROGRESS.matcher(finalProgress.get(0)).find()) {
            problems.add("at the end the live progress should be one summary line ('N epochs in S s: ...'), it is: "
                    + finalProgress + where);
        }
        if (images < 1) {
            problems.add("the training cell shows no chart at the end" + where);
        }
    }

    private static boolean isProgress(String text) {
        String t = text.strip();
        return PROGRESS.matcher(t).find() || SUMMARY.matcher(t).find();
    }

    /** Each chart cell shows a PNG image, decoded to a non-zero size. */
    private void checkCharts(ChromeDriver driver, Cells cells, List<String> problems) {
        // Images decode asynchronously: give them a moment.
        JsonArray images = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until) {
            images = JsonParser.parseString((String) js(driver, IMAGES)).getAsJsonArray();
            boolean complete = true;
            for (JsonElement cell : images) {
                for (JsonElement img : cell.getAsJsonArray()) complete &= img.getAsJsonObject().get("complete").getAsBoolean();
            }
            if (complete) break;
            NotebookServer.sleep(250);
        }
        int shown = 0;
        for (int i : cells.charts) {
            JsonArray imgs = images.get(i).getAsJsonArray();
            boolean ok = false;
            List<String> seen = new ArrayList<>();
            for (JsonElement e : imgs) {
                JsonObject img = e.getAsJsonObject();
                String src = img.get("src").getAsString();
                int w = img.get("w").getAsInt(), h = img.get("h").getAsInt();
                seen.add(src + "... " + w + "x" + h);
                if (src.startsWith("data:image/png;base64,") && w > 0 && h > 0) ok = true;
            }
            if (ok) shown++;
            else problems.add("chart cell " + i + " shows no PNG image with a non-zero size (its images: " + seen + ")");
        }
        notes.add(shown + " of " + cells.charts.size() + " chart cells show a PNG image");
    }

    // --- screenshots and saving ---------------------------------------------------------------------

    /** True while the training cell shows a progress line that is not yet the summary. */
    private static boolean trainingMidRun(ChromeDriver driver) {
        Object t = js(driver, "var r = window.__nnbookProgress; return r ? r.progress() : '';");
        return t instanceof String s && PROGRESS.matcher(s).find() && !SUMMARY.matcher(s).find();
    }

    /** The training cell while it trains; kept only when it was still training after the picture was taken. */
    private void screenshotMidRun(ChromeDriver driver, int training, Path file) {
        try {
            WebElement cell = driver.findElements(By.cssSelector("#notebook-container > .cell")).get(training);
            byte[] png = cell.getScreenshotAs(OutputType.BYTES);
            if (trainingMidRun(driver)) {
                Files.write(file, png);
                note("mid-run screenshot of the training cell: %s", file);
            }
        } catch (RuntimeException | IOException e) {
            note("no mid-run screenshot: %s", firstLine(e.getMessage()));
        }
    }

    /**
     * The whole page and the training cell alone. The classic Notebook scrolls inside #site, not the
     * document: for the pictures the viewport is made as tall as the notebook (up to 16,000 px).
     */
    private void screenshots(ChromeDriver driver, int training, Path run) {
        Path page = run.resolve("notebook-01.png");
        boolean tall = false;
        try {
            long height = ((Number) js(driver, "var h = document.getElementById('header');"
                    + "return Math.ceil((h ? h.getBoundingClientRect().height : 0) + document.getElementById('notebook').scrollHeight + 40);"))
                    .longValue();
            height = Math.min(Math.max(height, 1000), 16000);
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", height, "deviceScaleFactor", 1, "mobile", false));
            tall = true;
            js(driver, "window.dispatchEvent(new Event('resize')); document.getElementById('site').scrollTop = 0;");
            NotebookServer.sleep(700);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            Files.write(page, Base64.getDecoder().decode((String) shot.get("data")));
            note("full-page screenshot (1280x%d): %s", height, page);
        } catch (RuntimeException | IOException e) {
            note("full-page screenshot failed (%s); keeping the viewport", firstLine(e.getMessage()));
            try {
                Files.write(page, driver.getScreenshotAs(OutputType.BYTES));
            } catch (RuntimeException | IOException e2) {
                note("no screenshot: %s", firstLine(e2.getMessage()));
            }
        }
        try {
            WebElement cell = driver.findElements(By.cssSelector("#notebook-container > .cell")).get(training);
            Files.write(run.resolve("notebook-01-training.png"), cell.getScreenshotAs(OutputType.BYTES));
        } catch (RuntimeException | IOException e) {
            note("no screenshot of the training cell: %s", firstLine(e.getMessage()));
        }
        if (tall) {
            try {
                driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            } catch (RuntimeException e) {
                // the pictures are taken; the page is closed next
            }
        }
    }

    /** Saves the notebook the page ran (with its outputs) into the run folder's copy. */
    private void saveNotebook(ChromeDriver driver) {
        try {
            driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "Jupyter.notebook.save_notebook().then(function () { done(true); }, function (e) { done(String(e)); });");
        } catch (RuntimeException e) {
            note("could not save the notebook from the page: %s", firstLine(e.getMessage()));
        }
    }

    // --- the page ------------------------------------------------------------------------------------

    /**
     * Installed before Run All: records the training cell's outputs (kind, text, a number per DOM node)
     * at every change, deduplicated, in window.__nnbookProgress.states.
     */
    private static final String OBSERVER = """
            var cell = document.querySelectorAll('#notebook-container > .cell')[arguments[0]];
            var out = cell.querySelector('.output');
            var rec = {t0: performance.now(), states: [], next: 1, last: ''};
            function areas() {
              return Array.prototype.filter.call(out.children, function (e) { return e.classList.contains('output_area'); });
            }
            function snap() {
              var items = areas().map(function (a) {
                if (!a.__nnbookId) a.__nnbookId = rec.next++;
                var img = a.querySelector('img'), pre = a.querySelector('pre');
                return {id: a.__nnbookId, kind: img ? 'image' : pre ? 'text' : 'other',
                        text: pre ? pre.textContent : '', src: img ? img.getAttribute('src').slice(0, 22) : ''};
              });
              var key = JSON.stringify(items);
              if (key !== rec.last && rec.states.length < 5000) {
                rec.last = key;
                rec.states.push({t: Math.round(performance.now() - rec.t0), areas: items});
              }
            }
            rec.progress = function () {
              var texts = areas().map(function (a) { var p = a.querySelector('pre'); return p ? p.textContent.trim() : ''; });
              return texts.filter(function (t) { return /^epoch \\d+\\/\\d+/m.test(t) || /^\\d+ epochs? in /.test(t); }).join('\\n') || '';
            };
            new MutationObserver(snap).observe(out, {childList: true, subtree: true, characterData: true});
            snap();
            window.__nnbookProgress = rec;
            """;

    /** The page's state: kernel indicator, each cell's prompt, errors and text, whether Run All started/finished. */
    private static final String STATE = """
            var cells = Array.prototype.slice.call(document.querySelectorAll('#notebook-container > .cell'));
            var icon = document.getElementById('kernel_indicator_icon');
            var kernel = icon ? icon.className : '';
            var prompts = cells.map(function (c) {
              if (!c.classList.contains('code_cell')) return '';
              var p = c.querySelector('.input_prompt');
              var m = p ? /\\[(.*?)\\]/.exec(p.textContent) : null;
              return m ? m[1].trim() : '';
            });
            var errors = cells.map(function (c) {
              return Array.prototype.map.call(c.querySelectorAll('.output_error'), function (e) { return e.textContent.slice(0, 3000); });
            });
            var texts = cells.map(function (c) {
              return Array.prototype.map.call(c.querySelectorAll('.output_area pre'), function (e) { return e.textContent; }).join('\\n');
            });
            var dialog = Array.prototype.filter.call(document.querySelectorAll('.modal'), function (m) {
              return m.offsetParent !== null || getComputedStyle(m).display === 'block';
            }).map(function (m) { return m.textContent.replace(/\\s+/g, ' ').trim(); }).join('\\n');
            var code = prompts.filter(function (p, i) { return cells[i].classList.contains('code_cell'); });
            var running = code.some(function (p) { return p === '*'; });
            var numbered = code.filter(function (p) { return /^\\d+$/.test(p); }).length;
            var failed = errors.some(function (e) { return e.length > 0; });
            var idle = kernel.indexOf('kernel_idle_icon') >= 0;
            var ready = !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel
                           && Jupyter.notebook.kernel.is_connected()) && idle;
            return JSON.stringify({kernel: kernel, prompts: prompts, errors: errors, texts: texts, dialog: dialog, ready: ready,
              started: running || numbered > 0,
              done: idle && !running && (numbered === code.length || failed)});
            """;

    /** For each cell, its images: source prefix, natural size, whether decoded. */
    private static final String IMAGES = """
            var cells = Array.prototype.slice.call(document.querySelectorAll('#notebook-container > .cell'));
            return JSON.stringify(cells.map(function (c) {
              return Array.prototype.map.call(c.querySelectorAll('.output_area img'), function (img) {
                return {src: (img.getAttribute('src') || '').slice(0, 22), w: img.naturalWidth, h: img.naturalHeight, complete: img.complete};
              });
            }));
            """;

    private static JsonObject state(ChromeDriver driver) {
        return JsonParser.parseString((String) js(driver, STATE)).getAsJsonObject();
    }

    private static String runningCell(JsonObject state, Cells cells) {
        JsonArray prompts = state.getAsJsonArray("prompts");
        for (int i : cells.code) {
            if ("*".equals(prompts.get(i).getAsString())) {
                String src = cells.sources.get(i);
                return "cell " + i + ":\n    " + String.join("\n    ", src.lines().limit(4).toList());
            }
        }
        return "(no cell shows In [*])";
    }

    private static Object js(ChromeDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Polls {@code check} every 250 ms until it returns non-null; past {@code seconds}, fails with {@code message}. */
    private static <T> T waitFor(long seconds, Supplier<T> check, Supplier<String> message) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        RuntimeException last = null;
        while (true) {
            try {
                T v = check.get();
                if (v != null) return v;
            } catch (RuntimeException e) {   // a page still loading, a script of the page not there yet
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String m = message.get();
                throw new AssertionError(last == null ? m : m + "\n(last error: " + firstLine(last.getMessage()) + ")");
            }
            NotebookServer.sleep(250);
        }
    }

    // --- the notebook file ---------------------------------------------------------------------------

    /** What the test needs to know of the notebook: its code cells, the chart cells, the training cell. */
    record Cells(List<Integer> code, List<Integer> charts, int training, List<String> sources) {
        static Cells of(Path notebook) throws IOException {
            JsonObject nb = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
            List<Integer> code = new ArrayList<>(), charts = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            int training = -1;
            JsonArray all = nb.getAsJsonArray("cells");
            for (int i = 0; i < all.size(); i++) {
                JsonObject cell = all.get(i).getAsJsonObject();
                JsonElement src = cell.get("source");
                StringBuilder sb = new StringBuilder();
                if (src.isJsonArray()) src.getAsJsonArray().forEach(e -> sb.append(e.getAsString()));
                else sb.append(src.getAsString());
                String text = sb.toString();
                sources.add(text);
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                code.add(i);
                if (training < 0 && text.contains(".fit(")) training = i;
                // A chart cell ends with an image value: Charts.something(...) or x.chart(), with no ';'.
                List<String> lines = text.strip().lines().toList();
                String lastLine = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
                if (!lastLine.endsWith(";") && (lastLine.contains("Charts.") || lastLine.contains(".chart("))) charts.add(i);
            }
            if (training < 0) throw new AssertionError(notebook + " has no training cell (one calling .fit()): the test looks for its live progress");
            if (charts.isEmpty()) throw new AssertionError(notebook + " has no chart cell (ending with Charts.…(…) or ….chart())");
            return new Cells(code, charts, training, sources);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static boolean required() {
        return "1".equals(System.getenv("NNBOOK_REQUIRE_BROWSER")) || "true".equalsIgnoreCase(System.getenv("NNBOOK_REQUIRE_BROWSER"))
                || Boolean.getBoolean("nnbook.requireBrowser");
    }

    /** "NNBOOK_X=value is not an executable file" when the property or variable is set, else empty. */
    private static Optional<String> setting(String property, String variable) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank() && !p.startsWith("${")) return Optional.of("-D" + property + "=" + p + " is not an executable file");
        String v = System.getenv(variable);
        if (v != null && !v.isBlank()) return Optional.of(variable + "=" + v + " is not an executable file");
        return Optional.empty();
    }

    /** A program: the system property or variable if set (must be executable), else the first name found on PATH or as a path. */
    private static Path program(String property, String variable, String... names) {
        for (String s : new String[] {System.getProperty(property), System.getenv(variable)}) {
            if (s != null && !s.isBlank() && !s.startsWith("${")) {
                Path p = Path.of(s);
                return Files.isExecutable(p) ? p.toAbsolutePath() : null;
            }
        }
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String name : names) {
            if (name.startsWith("/")) {
                if (Files.isExecutable(Path.of(name))) return Path.of(name);
                continue;
            }
            for (String dir : dirs) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toAbsolutePath();
            }
        }
        return null;
    }

    /** For failure messages: what {@code s} says, or why it could not say it. */
    private static String safe(Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "(unknown: " + firstLine(e.getMessage()) + ")";
        }
    }

    private void note(String format, Object... args) {
        notes.add(String.format(format, args));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String indent(String s) {
        return "    " + String.join("\n    ", s.strip().lines().limit(30).toList());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
