package dev.benchmate.web.openai;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Question;
import dev.benchmate.core.Turn;
import dev.benchmate.core.TurnResult;
import dev.benchmate.web.Front;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The OpenAI-compatible door: {@code POST /v1/chat/completions} and {@code GET /v1/models}. Thin:
 * {@link ChatRequestParser} reads the request, {@link OpenAiChat} makes the question and the
 * answer's JSON, the assistant does the turn. Errors come out in OpenAI's shape (ErrorMappers).
 */
@Path("/v1")
public class OpenAiResource {
    private static final long STARTED = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000;

    @Inject
    dev.benchmate.web.PictureUploads uploads;
    @Inject
    Front front;
    @Inject
    BenchmateConfig config;

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(summary = "OpenAI-compatible chat completion (text and data: URI pictures; stream true or false); "
            + "answers are never spoken")
    public Response chat(byte[] body) {
        OpenAiChat chat = new OpenAiChat(ChatRequestParser.parse(body));
        Benchmate b = front.benchmate();
        Question q = chat.question(uploads::decode);
        if (!chat.request().stream()) {
            Turn turn = b.assistant().ask(q, AnswerSink.NONE);
            return Response.ok(chat.completion(await(turn)), MediaType.APPLICATION_JSON).build();
        }
        ChatStream stream = new ChatStream();
        Turn turn = b.assistant().ask(q, stream);
        stream.awaitStart(turn);
        StreamingOutput out = o -> {
            try {
                stream.write(o, turn, chat);
            } catch (IOException e) {
                // the client went away; the turn ends by itself and stays in the conversation
            }
        };
        return Response.ok(out, MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The one model (any model name is taken by /v1/chat/completions)")
    public String models() {
        return OpenAiChat.models(STARTED);
    }

    @GET
    @Path("/models/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The model, by any name")
    public String model(@PathParam("id") String id) {
        return OpenAiChat.write(OpenAiChat.model(STARTED));
    }

    private static TurnResult await(Turn turn) {
        try {
            return turn.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
