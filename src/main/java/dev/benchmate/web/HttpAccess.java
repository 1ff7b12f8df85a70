package dev.benchmate.web;

import dev.benchmate.app.BenchmateConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Who may use the HTTP front door. On loopback (the default) anyone on the board may; any other
 * address needs {@code benchmate.http.token}, without which the service refuses to start. With a
 * token, every request to the API, the OpenAI-compatible endpoint and the metrics must carry
 * {@code Authorization: Bearer TOKEN}; health and the console's own files (which hold no data: the
 * page asks for the token) stay open.
 */
@ApplicationScoped
public class HttpAccess {
    private static final Logger LOG = Logger.getLogger(HttpAccess.class);

    @Inject
    BenchmateConfig config;

    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean serving;
    /** What Quarkus binds (benchmate.http.host by default, but quarkus.http.host can be set on its own). */
    @ConfigProperty(name = "quarkus.http.host")
    String boundHost;
    @ConfigProperty(name = "quarkus.http.port")
    int boundPort;

    private volatile byte[] token;

    /** Before the port opens: refuse to serve a network without a token. */
    void check(@Observes StartupEvent event) {
        if (!serving) {
            return; // a command: no port is opened at all
        }
        Optional<String> t = config.http().token().map(String::strip).filter(s -> !s.isEmpty());
        String host = config.http().host();
        if (t.isEmpty() && isLoopback(host) && !isLoopback(boundHost)) {
            host = boundHost; // quarkus.http.host set on its own: what is bound is what counts
        }
        if (t.isEmpty() && !isLoopback(host)) {
            String why = (host.equals(boundHost) && !host.equals(config.http().host()) ? "quarkus.http.host"
                    : "benchmate.http.host") + " is " + host + ", which is not loopback: anyone on the network could "
                    + "use the camera and the assistant. Set benchmate.http.token (or BENCHMATE_HTTP_TOKEN) to a "
                    + "secret that clients send as 'Authorization: Bearer TOKEN', or keep benchmate.http.host=127.0.0.1";
            // ends the start before the port opens (exit status 1)
            throw new ConfigurationException(why, java.util.Set.of("benchmate.http.token", "benchmate.http.host"));
        }
        token = t.map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        LOG.infof("HTTP on %s:%d%s", boundHost, boundPort, token == null ? " (no token: loopback only)"
                : " (every API request needs the bearer token)");
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            // a literal address only: no name lookup at start
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) {
                return false;
            }
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The console's own files and health: open without the token (they hold no data). */
    private static final java.util.Set<String> OPEN = java.util.Set.of("/", "/index.html", "/console.js",
            "/console.css", "/favicon.ico", "/q/health", "/q/health/", "/q/health/live", "/q/health/ready",
            "/q/health/started");

    /**
     * Whether the path needs the token (when one is set): everything but the open list, so a path
     * the list forgot is refused rather than served.
     */
    static boolean guarded(String path) {
        return !OPEN.contains(path);
    }

    void filters(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext rc) {
        String raw = rc.request().path();
        if (raw != null && (raw.indexOf(';') >= 0 || raw.indexOf('\\') >= 0)) {
            // matrix parameters would be stripped by the router after this check: no path carries any
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Errors.json("a path with ';' or '\\' is not taken"));
            return;
        }
        String path = rc.normalizedPath();
        if (path.equals("/") || path.equals("/index.html")) {
            // the console: only its own scripts and styles, never inside another site's frame
            rc.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        }
        rc.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY");
        byte[] expected = token;
        if (expected == null || !guarded(path)) {
            rc.next();
            return;
        }
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            rc.next();
            return;
        }
        boolean openAi = rc.normalizedPath().startsWith("/v1");
        String message = header == null ? "this Benchmate needs a token: send 'Authorization: Bearer TOKEN'"
                : "the token is wrong";
        String body = openAi ? Errors.openAiJson(message, "invalid_request_error", "invalid_api_key")
                : Errors.json(message);
        rc.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer realm=\"benchmate\"")
                .end(body);
    }
}
