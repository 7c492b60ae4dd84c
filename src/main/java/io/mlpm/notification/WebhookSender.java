package io.mlpm.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlpm.notification.Outbox.Pending;
import io.mlpm.notification.Webhooks.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Posts an event to a webhook: a JSON body signed with the subscription's secret, HMAC-SHA256 over
 * the exact bytes sent, in {@code X-MLPM-Signature-256: sha256=<hex>}. Any 2xx answer is success;
 * redirects are not followed and the answer's body is not read.
 */
@Component
public class WebhookSender {

  public static final String SIGNATURE_HEADER = "X-MLPM-Signature-256";
  private final HttpClient http;
  private final NotificationSettings settings;

  public WebhookSender(NotificationSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  String send(Webhook w, long deliveryId, Pending event) {
    byte[] body = body(event);
    HttpRequest request = HttpRequest.newBuilder(URI.create(w.url())).timeout(settings.webhookTimeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "MLPM-Orchestrator-Webhook")
        .header("X-MLPM-Event", event.notification().type().id())
        .header("X-MLPM-Delivery", Long.toString(deliveryId))
        .header(SIGNATURE_HEADER, "sha256=" + sign(w.secret(), body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 != 2) {
        throw new IllegalStateException("HTTP " + status);
      }
      return "HTTP " + status;
    } catch (IOException e) {
      throw new IllegalStateException("not reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The body every receiver gets: the event's id (the same on a resend), type, time, project and facts. */
  static byte[] body(Pending event) {
    Notification n = event.notification();
    ObjectNode root = Outbox.JSON.createObjectNode();
    root.put("id", event.id());
    root.put("type", n.type().id());
    root.put("occurredAt", event.createdAt().toString());
    root.put("project", n.projectKey());
    root.put("subject", n.subject());
    root.put("text", n.text());
    root.put("link", n.link());
    root.set("data", Outbox.JSON.valueToTree(n.data()));
    try {
      return Outbox.JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lower-case hex of HMAC-SHA256(secret, body), as receivers recompute it. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
