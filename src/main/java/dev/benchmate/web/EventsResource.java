package dev.benchmate.web;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.core.EventHub;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/events}: every event of the hub as server-sent events, while the client stays.
 * Each client is a subscriber of its own with a bounded buffer: a client that cannot keep up loses
 * its own events (a {@code dropped} event says how many), never slows a turn or another client.
 */
@Path("/api")
public class EventsResource {
    /** Events held for one client while its connection is slow. */
    static final int CLIENT_BUFFER = 256;
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @Inject
    Front front;
    @Inject
    BenchmateConfig config;

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Every event as it happens (state, transcript, picture, tokens, answer with latency, "
            + "failures) as server-sent events")
    public Response events() {
        Benchmate b = front.benchmate();
        if (CLIENTS.incrementAndGet() > config.http().maxEventClients()) {
            CLIENTS.decrementAndGet();
            throw new NotServing(503, "too many clients of /api/events (benchmate.http.max-event-clients is "
                    + config.http().maxEventClients() + ")", 10);
        }
        StreamingOutput body = out -> {
            Client client = new Client(out);
            EventHub.Subscription s = null;
            try {
                s = b.hub().subscribe("web-client-" + Thread.currentThread().getId(), CLIENT_BUFFER, e -> {
                    try {
                        client.write("event: " + TurnJson.kind(e.what()) + "\ndata: "
                                + Errors.toJson(TurnJson.event(e)) + "\n\n");
                    } catch (IOException gone) {
                        client.gone();
                    }
                });
                client.write(": connected\n\n");
                while (client.waitForEnd(KEEP_ALIVE_MS)) {
                    client.write(": keep-alive\n\n");
                }
            } finally {
                CLIENTS.decrementAndGet();
                if (s != null) {
                    s.close();
                }
            }
        };
        return Response.ok(body, MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    /** One connection: written by its subscriber thread and by the keep-alive, one at a time. */
    private static final class Client {
        private final OutputStream out;
        private boolean gone;

        Client(OutputStream out) {
            this.out = out;
        }

        synchronized void write(String text) throws IOException {
            if (gone) {
                throw new IOException("the client has gone");
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                gone = true;
                notifyAll();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        synchronized void gone() {
            gone = true;
            notifyAll();
        }

        /** @return true when it is time for a keep-alive, false when the client has gone */
        synchronized boolean waitForEnd(long ms) {
            if (!gone) {
                try {
                    wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    gone = true;
                }
            }
            return !gone;
        }
    }
}
