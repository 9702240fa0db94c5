package com.vantagepoint.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Errors Jetty answers itself, before a request reaches the routes (a malformed path, a 431 for oversized
 * headers, a bad HTTP message), as the same {@code {error, detail}} JSON the routes answer, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Messages rejected while parsing, before any request object exists (e.g. 431). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return BufferUtil.toBuffer(body(status, reason), StandardCharsets.UTF_8);
    }

    /** Requests Jetty refused after parsing (e.g. an ambiguous or malformed path). */
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        response.setContentType("application/json");
        response.setCharacterEncoding("utf-8");
        response.getWriter().write(body(response.getStatus(), message == null ? null : message.toString()));
    }

    static String body(int status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        String phrase = HttpStatus.getMessage(status);
        body.put("error", phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""));
        body.put("detail", reason == null || reason.isBlank() ? phrase : reason);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
