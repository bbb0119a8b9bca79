package org.nnbook;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A classic Jupyter Notebook server (Notebook 5/6, the one Debian bookworm packages as jupyter-notebook)
 * for {@link BrowserIT}: on 127.0.0.1 only, on a free port, with a random token, with its own config,
 * data and runtime folders under the run's folder (so the user's Jupyter settings, passwords and kernels
 * play no part) and the build's kernelspecs first on JUPYTER_PATH. {@link #close} stops it and the
 * kernels it started.
 */
final class NotebookServer implements AutoCloseable {
    static final String HOW_TO_INSTALL = "install the classic Jupyter Notebook server: as root, 'binder/course test' "
            + "installs it (Debian: apt-get install -y --no-install-recommends jupyter-notebook; 'binder/course setup' does too), "
            + "or pip install 'notebook<7'; then point NNBOOK_JUPYTER at its 'jupyter' if it is not /usr/bin/jupyter";

    final URI base;
    final String token;
    final Path log;
    private final Process process;
    private final List<ProcessHandle> started = new ArrayList<>();

    private NotebookServer(URI base, String token, Path log, Process process) {
        this.base = base;
        this.token = token;
        this.log = log;
        this.process = process;
    }

    /**
     * Why this {@code jupyter} cannot serve the classic Notebook UI, or null when it can. Notebook 7 and
     * JupyterLab draw another page (the test drives the classic one): they are reported as missing.
     */
    static String missing(Path jupyter) {
        if (jupyter == null) {
            return "Jupyter is not installed (no /usr/bin/jupyter, no jupyter on PATH): " + HOW_TO_INSTALL;
        }
        String version;
        try {
            Path out = Files.createTempFile("nnbook-notebook-version", ".log");
            Jupyter.Result r = Jupyter.run(List.of(jupyter.toString(), "notebook", "--version"), Map.of(), null, 120, out);
            List<String> lines = r.logLines();
            version = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
            Files.deleteIfExists(out);
            if (r.exitCode() != 0 || !version.matches("\\d+(\\.\\d+)*.*")) {
                return jupyter + " has no Notebook server ('jupyter notebook --version' says: " + version + "): " + HOW_TO_INSTALL;
            }
        } catch (IOException e) {
            return "could not run " + jupyter + " notebook --version: " + e + ": " + HOW_TO_INSTALL;
        }
        int major = Integer.parseInt(version.replaceAll("^(\\d+).*", "$1"));
        if (major >= 7) {
            return jupyter + " serves Notebook " + version + ", whose page is JupyterLab's; this test drives the classic "
                    + "Notebook page (Notebook 6): " + HOW_TO_INSTALL;
        }
        return null;
    }

    /**
     * Starts {@code jupyter notebook} on {@code notebookDir}, with {@code env} added to its environment
     * (and so to its kernels'), and waits until it answers.
     */
    static NotebookServer start(Path jupyter, Path notebookDir, Path runDir, Map<String, String> env, long timeoutSeconds)
            throws IOException {
        Path runtime = Files.createDirectories(runDir.resolve("jupyter-runtime"));
        Path config = Files.createDirectories(runDir.resolve("jupyter-config"));
        Path data = Files.createDirectories(runDir.resolve("jupyter-data"));
        Path log = runDir.resolve("jupyter-server.log");
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);

        List<String> cmd = new ArrayList<>(List.of(jupyter.toString(), "notebook",
                "--no-browser", "--ip=127.0.0.1", "--port=" + freePort(), "--port-retries=50",
                "--NotebookApp.token=" + token, "--NotebookApp.password=",
                "--NotebookApp.notebook_dir=" + notebookDir.toAbsolutePath()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(notebookDir.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
        pb.environment().put("JUPYTER_CONFIG_DIR", config.toString());
        pb.environment().put("JUPYTER_DATA_DIR", data.toString());
        pb.environment().remove("JUPYTER_TOKEN");
        Process p = pb.start();
        NotebookServer server = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            URI base = null;
            while (base == null) {
                if (!p.isAlive()) {
                    throw new AssertionError("The Jupyter Notebook server stopped at start (exit " + p.exitValue() + "). "
                            + "Its log " + log + " ends:\n" + tail(log, 30));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The Jupyter Notebook server did not start in " + timeoutSeconds + " s. "
                            + "Its log " + log + " ends:\n" + tail(log, 30));
                }
                base = serverUrl(runtime);
                if (base == null) {
                    sleep(200);
                }
            }
            server = new NotebookServer(base, token, log, p);
            // The info file is written when the server listens; wait until it also answers.
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.api("status")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                    if (r.statusCode() == 403) {
                        throw new AssertionError("The Jupyter server refused the test's token (HTTP 403) at " + server.api("status")
                                + ". Its log " + log + " ends:\n" + tail(log, 30));
                    }
                } catch (IOException e) {
                    // not yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for the Jupyter server", e);
                }
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new AssertionError("The Jupyter server at " + base + " did not answer in " + timeoutSeconds + " s. "
                            + "Its log " + log + " ends:\n" + tail(log, 30));
                }
                sleep(200);
            }
            return server;
        } catch (RuntimeException | Error e) {
            if (server != null) {
                server.close();
            } else {
                stop(p, List.of());
            }
            throw e;
        }
    }

    /** The page of notebook {@code name} (a file in the served folder), logged in by the token. */
    URI notebook(String name) {
        return base.resolve("notebooks/" + name.replace(" ", "%20") + "?token=" + token);
    }

    URI api(String path) {
        return base.resolve("api/" + path + "?token=" + token);
    }

    String logTail(int lines) {
        return tail(log, lines);
    }

    /** Stops the server (SIGTERM: it shuts its kernels down), then kills whatever of it is left. */
    @Override
    public void close() {
        process.descendants().forEach(started::add);   // the kernels: they outlive a killed parent otherwise
        stop(process, started);
    }

    private static void stop(Process p, List<ProcessHandle> children) {
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        for (ProcessHandle h : children) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    /** The URL in the server's info file (nbserver-PID.json in its runtime folder), or null before it is written. */
    private static URI serverUrl(Path runtime) {
        try (Stream<Path> s = Files.list(runtime)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String n = f.getFileName().toString();
                if ((n.startsWith("nbserver-") || n.startsWith("jpserver-")) && n.endsWith(".json")) {
                    JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
                    String url = o.get("url").getAsString();
                    return URI.create(url.endsWith("/") ? url : url + "/");
                }
            }
        } catch (IOException | RuntimeException e) {
            // written as we read it: try again
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String tail(Path file, int n) {
        try {
            List<String> lines = List.of(Jupyter.stripAnsi(Files.readString(file, StandardCharsets.UTF_8)).split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
