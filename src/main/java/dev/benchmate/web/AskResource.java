package dev.benchmate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.BusyException;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.core.Turn;
import dev.benchmate.core.TurnFailedException;
import dev.benchmate.core.TurnResult;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.WavFiles;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /api/ask}: a question typed or recorded, with a picture, the camera's frame, or
 * neither; the answer as JSON, or streamed as server-sent events. Thin: the assistant does the turn.
 */
@Path("/api")
public class AskResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pieces of an answer held for a slow stream client (an answer has at most max-new-tokens pieces). */
    private static final int STREAM_BUFFER = 4096;

    @Inject
    Front front;
    @Inject
    BenchmateConfig config;
    @Inject
    PictureUploads uploads;

    @POST
    @Path("/ask")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(summary = "Ask a question (text or a WAV recording) with an optional picture or the camera's frame; "
            + "the answer as JSON, or as server-sent events with ?stream=true")
    public Response ask(@RestForm String question, @RestForm FileUpload audio, @RestForm FileUpload picture,
                        @RestForm String camera, @RestForm String speak, @RestQuery String stream) {
        Benchmate b = front.benchmate();
        Question q = question(b, question, audio, picture, camera, speak);
        boolean transcribed = q.audio() != null;
        boolean simulated = b.brain().simulated();
        if (flag(stream, "stream")) {
            return streamed(b, q, transcribed, simulated);
        }
        Turn turn = b.assistant().ask(q, AnswerSink.NONE);
        TurnResult r = await(turn);
        return Response.ok(TurnJson.result(r, transcribed, simulated), MediaType.APPLICATION_JSON).build();
    }

    private Question question(Benchmate b, String text, FileUpload audio, FileUpload picture, String camera,
                              String speak) {
        boolean hasText = text != null && !text.isBlank();
        boolean hasAudio = audio != null && audio.size() > 0;
        if (hasText == hasAudio) {
            throw new BadRequest(hasText ? "send either the question's text or its recording, not both"
                    : "the question is empty: send 'question' (text) or 'audio' (a WAV recording)");
        }
        Question.PictureChoice choice = pictureChoice(picture, camera);
        boolean spoken = flag(speak, "speak");
        if (hasText) {
            return Question.text(FrontDoor.API, text.strip(), choice, spoken);
        }
        if (b.readiness().features().stream().noneMatch(f -> f.name().equals("transcription") && f.on())) {
            String why = b.readiness().features().stream().filter(f -> f.name().equals("transcription"))
                    .map(f -> f.detail()).findFirst().orElse("no transcriber");
            throw new NotServing(503, "a recorded question needs transcription, which is off: " + why, 0);
        }
        AudioClip clip;
        try {
            clip = WavFiles.read(audio.uploadedFile(), config.http().maxAudio().toMillis() / 1000.0);
        } catch (AudioFormatException e) {
            throw new BadRequest("the recording cannot be used: "
                    + e.getMessage().replace(audio.uploadedFile().toString(), "the recording"));
        }
        if (clip.samples().length == 0) {
            throw new BadRequest("the recording is empty");
        }
        return Question.audio(FrontDoor.API, clip, choice, spoken, System.nanoTime());
    }

    private Question.PictureChoice pictureChoice(FileUpload picture, String camera) {
        if (picture != null && picture.size() > 0) {
            byte[] data;
            try {
                data = Files.readAllBytes(picture.uploadedFile());
            } catch (IOException e) {
                throw new BadRequest("the picture could not be received: " + e.getMessage());
            }
            String name = picture.fileName() == null || picture.fileName().isBlank() ? "upload" : picture.fileName();
            return new Question.PictureChoice.Given(uploads.decode(data, name));
        }
        String c = camera == null ? "auto" : camera.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "", "auto" -> Question.PictureChoice.AUTO;
            case "true", "yes", "1", "on" -> Question.PictureChoice.CAMERA;
            case "false", "no", "0", "off" -> Question.PictureChoice.NONE;
            default -> throw new BadRequest("camera must be auto, true or false, not '" + camera + "'");
        };
    }

    private static boolean flag(String value, String name) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new BadRequest(name + " must be true or false, not '" + value + "'");
        };
    }

    /** Waits for a turn's end; its failure becomes the HTTP error that says why. */
    private TurnResult await(Turn turn) {
        try {
            return turn.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private Response streamed(Benchmate b, Question q, boolean transcribed, boolean simulated) {
        BlockingQueue<String> pieces = new ArrayBlockingQueue<>(STREAM_BUFFER);
        // ask before the response starts: a full queue is a 429 the client can see as a status
        Turn turn = b.assistant().ask(q, pieces::offer);
        StreamingOutput body = out -> {
            send(out, "accepted", Map.of("turn", turn.id(), "waiting", b.assistant().waiting()));
            while (true) {
                String piece;
                try {
                    piece = pieces.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (piece != null) {
                    send(out, "token", Map.of("text", piece));
                } else if (turn.result().isDone() && pieces.isEmpty()) {
                    break;
                }
            }
            try {
                send(out, "answer", TurnJson.result(turn.result().join(), transcribed, simulated));
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", Errors.oneLine(cause.getMessage()));
                error.put("stage", cause instanceof TurnFailedException f ? f.stage().name() : null);
                error.put("status", ErrorMappers.status(cause));
                if (cause instanceof BusyException busy) {
                    error.put("retryAfter", Math.max(1, busy.retryAfter().toSeconds()));
                }
                send(out, "error", error);
            }
        };
        return Response.ok(body, MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    static void send(OutputStream out, String event, Object data) throws IOException {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** How long a caller may be told to wait; at least a second. */
    static long seconds(Duration d) {
        return Math.max(1, d.toSeconds());
    }
}
