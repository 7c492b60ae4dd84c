package io.mlpm.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Plain HTTP/1.1 from a chosen loopback address (127.0.0.1, 127.0.0.2, ...), so a test can be two
 * clients on two addresses; Java's HTTP clients cannot choose their local address.
 */
final class LoopbackClient {

  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The cookies this answer set, as a Cookie request header would send them back; null if none. */
    String cookies() {
      String set = header("Set-Cookie");
      return set == null ? null : String.join("; ", set.lines().map(c -> c.split(";")[0]).toList());
    }
  }

  private final String from;
  private final int port;

  LoopbackClient(String from, int port) {
    this.from = from;
    this.port = port;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
      socket.setSoTimeout(30_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port
          + "\r\nConnection: close\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        request.append("Content-Length: ").append(content.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      String[] head = response.substring(0, split).split("\r\n");
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        // Repeated headers (Set-Cookie) are kept one per line.
        responseHeaders.merge(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            head[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
      }
      String rest = response.substring(split + 4);
      if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
        rest = unchunk(rest);
      }
      return new Answer(Integer.parseInt(head[0].split(" ")[1]), responseHeaders, rest);
    }
  }

  Answer get(String path, String authorization) throws IOException {
    return send("GET", path, authorization == null ? Map.of() : Map.of("Authorization", authorization), null);
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
