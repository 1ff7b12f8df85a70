package dev.benchmate.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application run as a person runs it: java -jar target/quarkus-app/quarkus-run.jar ….
 * The service gets a free HTTP port of its own ({@link #port}) unless the options name one, so tests
 * never meet each other (or a Benchmate running on the machine) on 8080.
 */
public final class JarProcess implements AutoCloseable {
    public final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread pump;

    /** The HTTP port the service would listen on (commands never open it). */
    public final int port;

    private JarProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.pump = new Thread(() -> copy(process.getInputStream()));
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts the jar. Each process gets a state directory of its own (so that the instance lock of
     * one test does not refuse another) unless the options name one.
     */
    public static JarProcess start(List<String> jvmOptions, String... args) throws IOException {
        return start(jvmOptions, java.util.Map.of(), args);
    }

    /** The same with extra environment variables (the simulator's knobs). */
    public static JarProcess start(List<String> jvmOptions, java.util.Map<String, String> env, String... args)
            throws IOException {
        Path jar = Path.of(System.getProperty("benchmate.source.dir", ".")).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built by 'mvn package' before the integration tests");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        int port = jvmOptions.stream().filter(o -> o.startsWith("-Dbenchmate.http.port="))
                .map(o -> Integer.parseInt(o.substring("-Dbenchmate.http.port=".length()))).findFirst().orElse(-1);
        if (port < 0) {
            port = freePort();
            command.add("-Dbenchmate.http.port=" + port);
        }
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dbenchmate.state-dir="))) {
            command.add("-Dbenchmate.state-dir=" + Files.createTempDirectory("benchmate-state"));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("BENCHMATE_SIM_DIR");
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), port);
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (output) {
                    output.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public void type(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    public String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the output contains the text; false after the timeout. */
    public boolean awaitOutput(String text, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                pump.join(2000);
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    public int awaitExit(long seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the process did not exit; output:\n" + output());
        pump.join(2000);
        return process.exitValue();
    }

    /** Sends a signal as systemd (TERM) or a person at the terminal (INT) would. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
