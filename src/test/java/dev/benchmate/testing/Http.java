package dev.benchmate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A client of the service's HTTP API for tests: multipart forms, server-sent events, pictures. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Http(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public Http(int port) {
        this(port, null);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** POST multipart/form-data: String values are fields, byte[] values files (name.ext in the key after ':'). */
    public HttpResponse<String> form(String path, Map<String, Object> parts) throws IOException, InterruptedException {
        String boundary = "----benchmate" + UUID.randomUUID();
        return client.send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The same, saying "Expect: 100-continue" first, as curl does for a large upload: a server that
     * refuses the body's size answers before the body is sent, instead of closing the connection
     * under a client that is still sending it.
     */
    public HttpResponse<String> formExpectingContinue(String path, Map<String, Object> parts)
            throws IOException, InterruptedException {
        String boundary = "----benchmate" + UUID.randomUUID();
        return client.send(request(path).expectContinue(true)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static Map<String, Object> parts(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static byte[] multipart(String boundary, Map<String, Object> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> p : parts.entrySet()) {
            String[] key = p.getKey().split(":", 2);
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + key[0] + "\"");
            if (p.getValue() instanceof byte[]) {
                head.append("; filename=\"").append(key.length > 1 ? key[1] : "file").append("\"\r\n")
                        .append("Content-Type: application/octet-stream");
            } else {
                head.append("\r\nContent-Type: text/plain; charset=UTF-8");
            }
            head.append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.getValue() instanceof byte[] b ? b : p.getValue().toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** One server-sent event. */
    public record Sse(String event, String data) {
    }

    /** Splits a text/event-stream body into its events (comments left out). */
    public static List<Sse> events(String body) {
        List<Sse> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (data.length() > 0) {
                events.add(new Sse(event, data.toString()));
            }
        }
        return events;
    }

    /**
     * A PNG of one colour, written by hand (no image library): rows of RGB compressed with zlib.
     * Large sizes compress to little, which is how a small upload can be a huge picture.
     */
    public static byte[] png(int width, int height, int r, int g, int b) {
        byte[] row = new byte[1 + width * 3];
        for (int x = 0; x < width; x++) {
            row[1 + x * 3] = (byte) r;
            row[2 + x * 3] = (byte) g;
            row[3 + x * 3] = (byte) b;
        }
        Deflater d = new Deflater(9);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < height; y++) {
            d.setInput(row);
            while (!d.needsInput()) {
                idat.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            idat.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The resident memory of a process now and at its peak (kB), from /proc. */
    public static long[] rssKb(long pid) throws IOException {
        long rss = -1;
        long peak = -1;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmHWM:")) {
                peak = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, peak};
    }
}
