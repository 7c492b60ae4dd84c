package io.mlpm.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.notification.Webhooks.Webhook;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.CallerGroups;
import io.mlpm.security.CurrentUser;
import io.mlpm.security.Roles;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ForbiddenException;
import io.mlpm.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook subscriptions and the delivery log, for process owners ({@code camunda-admin}):
 * {@code POST /api/webhooks} with {@code {"url", "events": [...], "project": optional}} answers the
 * subscription with its signing secret (shown this once); {@code GET /api/webhooks},
 * {@code DELETE /api/webhooks/{id}}, {@code GET /api/webhooks/{id}/deliveries} and
 * {@code GET /api/notifications/deliveries} (e-mail too).
 */
@RestController
public class WebhookController {

  static final int MAX_URL = 2000;
  /** Who subscribes webhooks and reads the delivery log (both name projects, people and receivers). */
  public static final Set<String> OWNERS = Set.of(Roles.ADMINS);
  private static final int LOG_ROWS = 100;
  private final Webhooks webhooks;
  private final Deliveries deliveries;
  private final ProjectRepository projects;
  private final CallerGroups groups;
  private final NotificationSettings settings;

  public WebhookController(Webhooks webhooks, Deliveries deliveries, ProjectRepository projects, CallerGroups groups,
      NotificationSettings settings) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.projects = projects;
    this.groups = groups;
    this.settings = settings;
  }

  @PostMapping("/api/webhooks")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> create(@RequestBody(required = false) JsonNode body, HttpServletRequest request) {
    requireOwner(request);
    if (body == null || !body.isObject()) {
      throw new BadRequestException("The body must be JSON: {\"url\": \"https://...\", \"events\": [\"model.promoted\"],"
          + " \"project\": \"optional project key\"}.");
    }
    String url = url(body.path("url"));
    Set<EventType> events = events(body.path("events"));
    String project = null;
    JsonNode p = body.path("project");
    if (!p.isMissingNode() && !p.isNull()) {
      if (!p.isTextual() || p.asText().isBlank()) {
        throw new BadRequestException("'project' must be a project key, or left out for every project.");
      }
      project = projects.require(p.asText().strip()).key();
    }
    Webhook w = webhooks.create(url, events, project, CurrentUser.of(request));
    Map<String, Object> view = view(w);
    view.put("secret", w.secret());
    view.put("signature", "Each delivery carries " + WebhookSender.SIGNATURE_HEADER + ": sha256=<hex of HMAC-SHA256"
        + " of the body with this secret>; the secret is not shown again.");
    if (!settings.enabled()) {
      view.put("warning", "Notifications are off (mlpm.notifications.enabled): nothing is sent until they are on.");
    }
    return view;
  }

  @GetMapping("/api/webhooks")
  public List<Map<String, Object>> list(HttpServletRequest request) {
    requireOwner(request);
    return webhooks.active().stream().map(WebhookController::view).toList();
  }

  @DeleteMapping("/api/webhooks/{id}")
  public Map<String, Object> delete(@PathVariable long id, HttpServletRequest request) {
    requireOwner(request);
    if (!webhooks.delete(id, CurrentUser.of(request))) {
      throw new NotFoundException("No webhook " + id + ".");
    }
    return Map.of("id", id, "deleted", true);
  }

  @GetMapping("/api/webhooks/{id}/deliveries")
  public List<Map<String, Object>> deliveries(@PathVariable long id, HttpServletRequest request) {
    requireOwner(request);
    webhooks.anyById(id).orElseThrow(() -> new NotFoundException("No webhook " + id + "."));
    return deliveries.ofWebhook(id, LOG_ROWS);
  }

  @GetMapping("/api/notifications/deliveries")
  public List<Map<String, Object>> allDeliveries(HttpServletRequest request) {
    requireOwner(request);
    return deliveries.latest(LOG_ROWS);
  }

  private void requireOwner(HttpServletRequest request) {
    if (OWNERS.stream().noneMatch(group -> groups.isIn(request, group))) {
      throw new ForbiddenException("Webhooks and the delivery log are for process owners (group '" + Roles.ADMINS
          + "').");
    }
  }

  private static String url(JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new BadRequestException("'url' is required: where to POST the events (http or https).");
    }
    String text = node.asText().strip();
    if (text.length() > MAX_URL) {
      throw new BadRequestException("'url' is longer than " + MAX_URL + " characters.");
    }
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new BadRequestException("'url' must be an absolute http or https URL, got '" + text + "'.");
      }
      if (uri.getUserInfo() != null) {
        throw new BadRequestException("'url' must not carry a user or password: deliveries are signed instead.");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new BadRequestException("'url' is not a URL: " + e.getMessage());
    }
  }

  private static Set<EventType> events(JsonNode node) {
    List<String> known = Arrays.stream(EventType.values()).map(EventType::id).toList();
    if (!node.isArray() || node.isEmpty()) {
      throw new BadRequestException("'events' is required: a list of one or more of " + known + ".");
    }
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (JsonNode e : node) {
      events.add(EventType.of(e.asText()).orElseThrow(() -> new BadRequestException("Unknown event '" + e.asText()
          + "' in 'events'; known: " + known + ".")));
    }
    return events;
  }

  private static Map<String, Object> view(Webhook w) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", w.id());
    v.put("url", w.url());
    v.put("events", w.events().stream().map(EventType::id).sorted().toList());
    v.put("project", w.projectKey());
    v.put("createdBy", w.createdBy());
    v.put("createdAt", w.createdAt().toString());
    return v;
  }
}
