package dev.benchmate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.testing.Http;
import dev.benchmate.testing.JarProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bounded load on loopback: 8 clients × 20 questions, each client with its own picture colour,
 * against the simulated NPU slowed to a few milliseconds per token. No answer goes to the wrong
 * client, nothing fails with a 5xx, every refusal is a 429 or 503 with Retry-After, and the service
 * stays live. A refused client waits as Retry-After says and asks again. Prints p50/p99 and the service's RSS before and after (figures, not assertions of speed).
 */
class HttpLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int REQUESTS = 20;
    /** Each client's colour, as the simulator names it, and its RGB. */
    private static final String[] NAMES = {"red", "green", "blue", "yellow", "cyan", "magenta", "white", "black"};
    private static final int[][] RGB = {{200, 30, 30}, {30, 170, 30}, {30, 30, 200}, {220, 220, 30},
            {30, 200, 200}, {200, 30, 200}, {240, 240, 240}, {15, 15, 15}};

    @Test
    void eightClientsGetTheirOwnAnswersAndRefusalsSayWhenToRetry() throws Exception {
        try (JarProcess service = JarProcess.start(List.of("-Dquarkus.profile=sim", "-Dbenchmate.turns.max-wait=5s"),
                Map.of("BENCHMATE_SIM_DECODE_MS_PER_TOKEN", "3", "BENCHMATE_SIM_ENCODE_MS", "10"))) {
            assertTrue(service.awaitOutput("Benchmate ready", 90), service.output());
            Http http = new Http(service.port);
            long[] before = Http.rssKb(service.process.pid());

            ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int me = c;
                byte[] picture = Http.png(320, 240, RGB[me][0], RGB[me][1], RGB[me][2]);
                clients.add(pool.submit(() -> {
                    for (int i = 0, tries = 0; i < REQUESTS; tries++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.form("/api/ask", Http.parts("question",
                                "Client " + me + ", question " + i + ": what colour is this?",
                                "picture:" + NAMES[me] + ".png", picture));
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (r.statusCode() == 200) {
                            JsonNode a = JSON.readTree(r.body());
                            answered.incrementAndGet();
                            millis.add(ms);
                            if (!a.get("answer").asText().endsWith("The picture is " + NAMES[me] + ".")
                                    || !a.get("question").asText().startsWith("Client " + me + ", question " + i + ":")) {
                                wrong.add("client " + me + " got " + r.body());
                            }
                            i++;
                        } else if (r.statusCode() == 429 || r.statusCode() == 503) {
                            refused.incrementAndGet();
                            String retry = r.headers().firstValue("Retry-After").orElse(null);
                            if (retry == null) {
                                wrong.add("client " + me + ": a refusal without Retry-After: " + r.body());
                                i++;
                                continue;
                            }
                            // a polite client waits as told (at most a second here), then asks again
                            Thread.sleep(Math.min(1000, Long.parseLong(retry) * 1000));
                            if (tries > 50 * REQUESTS) {
                                wrong.add("client " + me + " was refused " + tries + " times");
                                break;
                            }
                        } else {
                            wrong.add("client " + me + " got status " + r.statusCode() + ": " + r.body());
                            i++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long[] after = Http.rssKb(service.process.pid());
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
            assertEquals(CLIENTS * REQUESTS, answered.get(), "every question is answered in the end");
            assertEquals(200, http.get("/q/health/live").statusCode());

            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf("load: %d clients x %d questions with pictures: %d answered, %d refusals on the way (429/503 "
                            + "with Retry-After, then asked again); p50 %.0f ms, p99 %.0f ms; service RSS %d MB before, %d MB after "
                            + "(peak %d MB)%n", CLIENTS, REQUESTS, answered.get(), refused.get(),
                    sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                    before[0] / 1024, after[0] / 1024, after[1] / 1024);
        }
    }
}
