package dev.benchmate.thinking.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible engine for tests, on loopback: /v1/models lists one model, and each POST to
 * /v1/chat/completions is answered by the script the test set (a status and raw SSE pieces, with
 * pauses between them). It keeps every request's body and Authorization header.
 */
public final class ScriptedEngine implements AutoCloseable {
    /** How one request is answered: a status, then each piece written and flushed (a Long: a pause in ms). */
    public record Reply(int status, String contentType, List<Object> pieces) {
        public static Reply sse(Object... pieces) {
            return new Reply(200, "text/event-stream", List.of(pieces));
        }

        public static Reply status(int status, String body) {
            return new Reply(status, "application/json", List.of(body));
        }
    }

    public final HttpServer server;
    public final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** In a reply, stands for the request's Authorization header (echoed back). */
    public static final String AUTHORIZATION = "{authorization}";
    public volatile Reply reply = Reply.sse(chunk("Hello."), done());
    /** The status /v1/models answers with (an engine still loading its model: 503). */
    public volatile int modelsStatus = 200;
    public volatile boolean clientWentAway;
    /** How long /v1/models waits before its headers (ms). */
    public volatile long modelsDelayMs;
    /** How long /v1/models stalls after its headers, before its body (ms). */
    public volatile long modelsStallMs;

    public ScriptedEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-engine");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/models", ex -> {
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] b = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-vl-7b\",\"object\":\"model\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            try {
                Thread.sleep(modelsDelayMs);
                ex.sendResponseHeaders(modelsStatus, b.length);
                ex.getResponseBody().flush();
                Thread.sleep(modelsStallMs);
                ex.getResponseBody().write(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                clientWentAway = true;
            }
            ex.close();
        });
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
    }

    /**
     * One question and one /models through a client with generous bounds: the JVM's first HTTP
     * exchange (class loading, the client's start) can take longer than a test's short bound on a
     * loaded machine, which would then measure the JVM and not the engine.
     */
    public static void warmUp() throws IOException {
        try (ScriptedEngine e = new ScriptedEngine();
             EngineClient c = new EngineClient(new RemoteSettings(e.url(), java.util.Optional.of("m"),
                     java.util.Optional.empty(), java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(30),
                     java.time.Duration.ofSeconds(30), 16, 4096, 0.2f, 0.9f, 1024, 85, "Be brief."))) {
            c.models();
            com.fasterxml.jackson.databind.node.ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode();
            body.put("model", "m");
            body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
            c.stream(body, piece -> { }, new EngineClient.Call());
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void answer(HttpExchange ex) throws IOException {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Reply r = reply;
        String authorization = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        ex.getResponseHeaders().add("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), 0);
        OutputStream out = ex.getResponseBody();
        try {
            for (Object p : r.pieces()) {
                if (p instanceof Long ms) {
                    Thread.sleep(ms);
                } else {
                    // {authorization}: the request's Authorization header echoed, as careless engines do
                    out.write(p.toString().replace(AUTHORIZATION, authorization).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            out.close();
        } catch (IOException e) {
            clientWentAway = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    /**
     * A server that answers one request with a chunked SSE stream and, after {@code pieces}, closes
     * the socket in the middle of it (no last chunk): a connection dropped mid-answer.
     */
    public static java.net.ServerSocket dropping(String... pieces) throws IOException {
        java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (java.net.Socket s = socket.accept()) {
                java.io.InputStream in = s.getInputStream();
                byte[] buf = new byte[65536];
                String head = "";
                while (!head.contains("\r\n\r\n")) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    head += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                int want = m.find() ? Integer.parseInt(m.group(1)) : 0;
                int have = head.length() - head.indexOf("\r\n\r\n") - 4;
                while (have < want) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                for (String p : pieces) {
                    byte[] b = p.getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(b);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                Thread.sleep(100);
            } catch (IOException | InterruptedException e) {
                // the test sees what the client made of it
            }
        }, "dropping-engine");
        t.setDaemon(true);
        t.start();
        return socket;
    }

    public static String chunk(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + quote(content) + "},\"finish_reason\":null}]}\n\n";
    }

    public static String role() {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    }

    public static String finish(String reason) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"" + reason + "\"}]}\n\n";
    }

    public static String usage(int prompt, int completion) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                + "}}\n\n";
    }

    public static String done() {
        return "data: [DONE]\n\n";
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
