package dev.benchmate.web;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.core.Liveness;
import dev.benchmate.core.Readiness;
import dev.benchmate.core.TurnLatency;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What Benchmate is doing and whether it can answer: for the console and for scripts. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    @Inject
    Front front;
    @Inject
    LiveState live;
    @Inject
    BenchmateConfig config;

    @GET
    @Path("/status")
    @Operation(summary = "State, readiness (each part on or off with why), liveness, queue and KV cache")
    public Map<String, Object> status() {
        Readiness r = front.running().readiness();
        Liveness l = front.running().liveness();
        Optional<Benchmate> b = front.running().get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", live.state().name());
        m.put("ready", r.ready());
        m.put("readiness", r.detail());
        List<Map<String, Object>> features = new ArrayList<>();
        for (Readiness.Feature f : r.features()) {
            features.add(Map.of("name", f.name(), "on", f.on(), "detail", f.detail()));
        }
        m.put("features", features);
        m.put("alive", l.alive());
        m.put("problems", l.problems());
        m.put("simulated", b.map(x -> x.brain().simulated()).orElse(config.npu().simulator()));
        m.put("mode", config.listening().mode());
        m.put("listening", b.map(x -> x.loop().isPresent()).orElse(false));
        m.put("waiting", b.map(x -> x.assistant().waiting()).orElse(0));
        b.ifPresent(x -> m.put("kvCache", Map.of("used", x.brain().conversation().kvCacheSize(),
                "max", x.brain().conversation().contextLimit())));
        return m;
    }

    @GET
    @Path("/turns/latency")
    @Operation(summary = "Where the time went in the last 20 turns, oldest first (milliseconds from the question's end)")
    public Map<String, Object> latencies() {
        List<Map<String, Object>> turns = new ArrayList<>();
        for (TurnLatency.OfTurn t : front.benchmate().assistant().recentLatencies()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("turn", t.turn());
            m.putAll(TurnJson.latency(t.latency()));
            turns.add(m);
        }
        return Map.of("turns", turns);
    }

    @GET
    @Path("/camera/frame")
    @Produces("image/jpeg")
    @Operation(summary = "The camera's latest frame as JPEG (404 when there is no camera frame)")
    public Response frame() {
        var picture = front.benchmate().assistant().latestFrame().orElseThrow(() -> new NotServing(404,
                "no camera frame: " + front.running().readiness().features().stream()
                        .filter(f -> f.name().equals("camera")).map(f -> f.detail()).findFirst()
                        .orElse("no camera"), 0));
        return Response.ok(dev.benchmate.looking.PictureFiles.jpeg(picture, 85)).type("image/jpeg")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/picture/last")
    @Produces("image/jpeg")
    @Operation(summary = "The picture the latest turn with a picture used, as JPEG (404 before any)")
    public Response lastPicture() {
        var picture = front.benchmate().assistant().lastPicture()
                .orElseThrow(() -> new NotServing(404, "no turn has used a picture yet", 0));
        return Response.ok(dev.benchmate.looking.PictureFiles.jpeg(picture, 85)).type("image/jpeg")
                .header("Cache-Control", "no-store").build();
    }
}
