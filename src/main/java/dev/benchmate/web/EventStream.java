package dev.benchmate.web;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.core.Event;
import dev.benchmate.core.EventHub;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/events}: every event of the hub as server-sent events, for as long as the client
 * stays. Each client is a subscriber of the hub with a bounded buffer of its own, and writes go out
 * on the connection's event loop only while its write queue has room: a client that reads slowly
 * loses its own events (a {@code dropped} event says how many) and never slows a turn or another
 * client; one that stops reading altogether is disconnected after a minute; one that goes away is
 * forgotten at once (the connection's close ends its subscription). No thread waits on a client.
 * A plain Vert.x route (not a REST resource) so that it can see the connection close and its write
 * queue; it is described in META-INF/openapi.yaml.
 */
@ApplicationScoped
public class EventStream {
    /** Events held for one client while its connection is busy. */
    static final int CLIENT_BUFFER = 256;
    private static final long KEEP_ALIVE_MS = 15_000;
    /** A client that has taken nothing for this long while events were dropped for it is let go. */
    private static final long STALLED_MS = 60_000;

    @Inject
    Front front;
    @Inject
    BenchmateConfig config;
    @Inject
    Vertx vertx;

    private final AtomicInteger clients = new AtomicInteger();

    void route(@Observes Router router) {
        router.get("/api/events").handler(this::open);
    }

    /** Clients connected now. */
    public int clients() {
        return clients.get();
    }

    private void open(RoutingContext rc) {
        Benchmate b;
        try {
            b = front.benchmate();
        } catch (NotServing e) {
            refuse(rc, e.status(), e.getMessage(), e.retryAfterSeconds());
            return;
        }
        if (clients.incrementAndGet() > config.http().maxEventClients()) {
            clients.decrementAndGet();
            refuse(rc, 503, "too many clients of /api/events (benchmate.http.max-event-clients is "
                    + config.http().maxEventClients() + ")", 10);
            return;
        }
        HttpServerResponse response = rc.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=UTF-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        new Client(b.hub(), response, vertx.getOrCreateContext()).start();
    }

    private static void refuse(RoutingContext rc, int status, String message, long retryAfter) {
        HttpServerResponse r = rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (retryAfter > 0) {
            r.putHeader("Retry-After", Long.toString(retryAfter));
        }
        r.end(Errors.json(message));
    }

    /** One connected client. */
    private final class Client {
        private final EventHub hub;
        private final HttpServerResponse response;
        private final Context context;
        private final AtomicBoolean closed = new AtomicBoolean();
        /** Events not written because the connection's write queue was full, since the last told. */
        private final AtomicLong dropped = new AtomicLong();
        private volatile long lastWritten = System.currentTimeMillis();
        private EventHub.Subscription subscription;
        private long timer = -1;

        Client(EventHub hub, HttpServerResponse response, Context context) {
            this.hub = hub;
            this.response = response;
            this.context = context;
        }

        void start() {
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            response.write(": connected\n\n");
            subscription = hub.subscribe("web-client", CLIENT_BUFFER, this::deliver);
            timer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> tick());
            if (closed.get()) { // gone while it was being subscribed
                vertx.cancelTimer(timer);
                endSubscription();
            }
        }

        /** On the subscriber's own thread: hands the event to the connection's event loop. */
        private void deliver(Event e) {
            if (closed.get()) {
                return;
            }
            String text = "event: " + TurnJson.kind(e.what()) + "\ndata: " + Errors.toJson(TurnJson.event(e)) + "\n\n";
            context.runOnContext(v -> write(e, text));
        }

        private void write(Event e, String text) {
            if (closed.get()) {
                return;
            }
            if (response.writeQueueFull()) {
                dropped.incrementAndGet();
                return;
            }
            long missed = dropped.getAndSet(0);
            if (missed > 0) {
                response.write("event: dropped\ndata: " + Errors.toJson(java.util.Map.of("turn", e.turn(), "kind",
                        "dropped", "count", missed)) + "\n\n");
            }
            response.write(text);
            lastWritten = System.currentTimeMillis();
        }

        private void tick() {
            if (closed.get()) {
                return;
            }
            long now = System.currentTimeMillis();
            if (dropped.get() > 0 && now - lastWritten > STALLED_MS) {
                response.reset(); // it has read nothing for a minute: free its place
                close();
                return;
            }
            if (!response.writeQueueFull()) {
                response.write(": keep-alive\n\n");
            }
        }

        private void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            clients.decrementAndGet();
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            endSubscription();
        }

        private void endSubscription() {
            EventHub.Subscription s = subscription;
            if (s != null) {
                // closing joins the subscriber's thread: not on the event loop
                Thread t = new Thread(s::close, "benchmate-events-close");
                t.setDaemon(true);
                t.start();
            }
        }
    }
}
