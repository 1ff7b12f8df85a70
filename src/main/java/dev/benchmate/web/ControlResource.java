package dev.benchmate.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Stop, new conversation and push-to-talk: they act at once, outside the turn. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {
    @Inject
    Front front;

    @POST
    @Path("/stop")
    @Operation(summary = "Stop the answer being generated and spoken (returns at once)")
    public Map<String, Object> stop() {
        front.benchmate().assistant().stop();
        return Map.of("stopped", true);
    }

    @POST
    @Path("/conversation/new")
    @Operation(summary = "Start a new conversation: the answer in progress stops, the context is cleared")
    public Map<String, Object> newConversation() {
        front.benchmate().assistant().newConversation(false);
        return Map.of("newConversation", true);
    }

    @POST
    @Path("/push-to-talk")
    @Operation(summary = "Listen for one question now, as the push-to-talk button does (needs a microphone)")
    public Map<String, Object> pushToTalk() {
        var b = front.benchmate();
        if (b.loop().isEmpty()) {
            throw new NotServing(409, "push-to-talk needs the voice loop, and it is not running: "
                    + b.readiness().features().stream().filter(f -> f.name().equals("microphone"))
                    .map(f -> "microphone " + f.detail()).findFirst().orElse("no microphone"), 0);
        }
        b.assistant().pushToTalk();
        return Map.of("listening", true);
    }
}
