package dev.benchmate.web;

import dev.benchmate.core.BusyException;
import dev.benchmate.core.TurnFailedException;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.PictureUnreadableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure a client can cause or meet, as a status and one line of why, in the shape of the
 * door it came in by (Benchmate's API, or OpenAI's on /v1). Nothing a client sends ends the service.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** The HTTP status a failure of a turn or a request maps to. */
    public static int status(Throwable e) {
        if (e instanceof BusyException) {
            return 429;
        } else if (e instanceof TurnFailedException f) {
            return f.badQuestion() ? 400 : 500;
        } else if (e instanceof BadRequest || e instanceof PictureUnreadableException
                || e instanceof AudioFormatException || e instanceof IllegalArgumentException) {
            return 400;
        } else if (e instanceof NotServing n) {
            return n.status();
        }
        return 500;
    }

    static Response response(UriInfo uri, int status, String message, long retryAfter) {
        boolean openAi = uri != null && uri.getPath().startsWith("/v1");
        String type = switch (status) {
            case 400, 404, 413 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_exceeded";
            default -> "server_error";
        };
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(openAi ? Errors.openAiJson(message, type, null) : Errors.json(message));
        if (retryAfter > 0) {
            r.header("Retry-After", Long.toString(retryAfter));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response busy(BusyException e, UriInfo uri) {
        return response(uri, 429, e.getMessage(), AskResource.seconds(e.retryAfter()));
    }

    @ServerExceptionMapper
    public Response turnFailed(TurnFailedException e, UriInfo uri) {
        String message = e.badQuestion() ? e.getMessage() : e.stage() + ": " + e.getMessage();
        return response(uri, e.badQuestion() ? 400 : 500, message, 0);
    }

    @ServerExceptionMapper
    public Response notServing(NotServing e, UriInfo uri) {
        return response(uri, e.status(), e.getMessage(), e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e, UriInfo uri) {
        return response(uri, 400, e.getMessage(), 0);
    }

    @ServerExceptionMapper
    public Response picture(PictureUnreadableException e, UriInfo uri) {
        return response(uri, 400, e.getMessage(), 0);
    }

    @ServerExceptionMapper
    public Response audio(AudioFormatException e, UriInfo uri) {
        return response(uri, 400, e.getMessage(), 0);
    }

    @ServerExceptionMapper
    public Response illegal(IllegalArgumentException e, UriInfo uri) {
        return response(uri, 400, e.getMessage(), 0);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String message = status == 413 ? "the request is larger than benchmate.http.max-body-size"
                : status == 415 ? "this endpoint takes another content type: " + e.getMessage()
                : e.getMessage();
        return response(uri, status, message, 0);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.warnf(e, "A request to %s failed unexpectedly", uri == null ? "?" : uri.getPath());
        return response(uri, 500, "unexpected failure: " + e, 0);
    }
}
