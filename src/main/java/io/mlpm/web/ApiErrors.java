package io.mlpm.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The API's error shape, {@code {"type","message"}}, for filters that answer before any controller. */
public final class ApiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  public static void write(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type);
    body.put("message", message);
    // Bytes, not the writer: a filter that buffered the engine's answer has opened the output stream.
    response.getOutputStream().write(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
