package dev.benchmate.app.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A web server on 127.0.0.1 for the models tests, serving generated files: whole, with HTTP Range
 * (206 and Content-Range), cut mid-transfer the first N times, or not at all (404). It records each
 * request's path and Range header.
 */
public final class ModelServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it. */
    public record Request(String path, String range) {
    }

    private record Served(byte[] body, AtomicInteger cutsLeft, int cutAt, boolean honourRange, boolean stall) {
    }

    private final HttpServer server;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    public ModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The address of a path on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void serve(String path, byte[] body) {
        files.put(path, new Served(body, new AtomicInteger(), 0, true, false));
    }

    /** Serves the file, but the first {@code times} transfers stop after {@code cutAt} bytes and the connection closes. */
    public void serveCut(String path, byte[] body, int cutAt, int times) {
        files.put(path, new Served(body, new AtomicInteger(times), cutAt, true, false));
    }

    /** Serves the file, but the first transfer sends {@code stallAt} bytes and then nothing, until the server stops. */
    public void serveStalled(String path, byte[] body, int stallAt) {
        files.put(path, new Served(body, new AtomicInteger(1), stallAt, true, true));
    }

    /** Serves the file whole every time, answering 200 to a Range request as servers without Range support do. */
    public void serveWithoutRange(String path, byte[] body, int cutAt, int times) {
        files.put(path, new Served(body, new AtomicInteger(times), cutAt, false, false));
    }

    /** Answers requests for {@code from} with a 302 to {@code to} on this server, as HuggingFace sends to its CDN. */
    public void redirect(String from, String to) {
        redirects.put(from, to);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        if (redirects.containsKey(path)) {
            exchange.getResponseHeaders().add("Location", url(redirects.get(path)));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        Served served = files.get(path);
        if (served == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = served.body();
        int start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && served.honourRange()) {
            start = Integer.parseInt(m.group(1));
            if (start >= body.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - start);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }
        OutputStream out = exchange.getResponseBody();
        if (served.cutsLeft().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int end = Math.min(body.length, start + served.cutAt());
            out.write(body, start, end - start);
            out.flush();
            if (served.stall()) {
                try {
                    stopped.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Closing an exchange whose fixed length is not all written closes the connection: the client sees it cut.
            exchange.close();
            return;
        }
        out.write(body, start, body.length - start);
        exchange.close();
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
    }

    // --- generated content -------------------------------------------------------------------

    /** Reproducible bytes that stand for a model file. */
    public static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A zip holding the given entries (a name ending with '/' is a folder). */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        return buf.toByteArray();
    }
}
