package dev.benchmate.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Context;

/** A request Benchmate cannot take now: the status, Retry-After and one line of why, in the door's shape. */
@Provider
public class NotServingMapper implements ExceptionMapper<NotServing> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(NotServing e) {
        boolean openAi = uri != null && uri.getPath().startsWith("/v1");
        Response.ResponseBuilder r = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(openAi ? Errors.openAiJson(e.getMessage(), e.status() == 429 ? "rate_limit_exceeded"
                        : "server_error", null) : Errors.json(e.getMessage()));
        if (e.retryAfterSeconds() > 0) {
            r.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return r.build();
    }
}
