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

    private volatile byte[] token;

    /** Before the port opens: refuse to serve a network without a token. */
    void check(@Observes StartupEvent event) {
        if (!serving) {
            return; // a command: no port is opened at all
        }
        Optional<String> t = config.http().token().map(String::strip).filter(s -> !s.isEmpty());
        String host = config.http().host();
        if (t.isEmpty() && !isLoopback(host)) {
            String why = "benchmate.http.host is " + host + ", which is not loopback: anyone on the network could "
                    + "use the camera and the assistant. Set benchmate.http.token (or BENCHMATE_HTTP_TOKEN) to a "
                    + "secret that clients send as 'Authorization: Bearer TOKEN', or keep benchmate.http.host=127.0.0.1";
            // ends the start before the port opens (exit status 1)
            throw new ConfigurationException(why, java.util.Set.of("benchmate.http.token", "benchmate.http.host"));
        }
        token = t.map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        LOG.infof("HTTP on %s:%d%s", host, config.http().port(), token == null ? " (no token: loopback only)"
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

    /** Whether the path needs the token (when one is set). */
    static boolean guarded(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/v1/") || path.equals("/v1")
                || path.startsWith("/q/metrics");
    }

    void filters(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext rc) {
        byte[] expected = token;
        if (expected == null || !guarded(rc.normalizedPath())) {
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
