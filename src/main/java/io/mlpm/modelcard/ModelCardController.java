package io.mlpm.modelcard;

import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The model card of a model version as an HTML page, and its charts as PNG images:
 * {@code GET /api/projects/{key}/models/{id}/card} and {@code .../charts/{chart}.png}.
 */
@RestController
public class ModelCardController {

  /** Nothing but the card's own inline style and its own chart images may load. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'self'";

  private final ModelCardService cards;
  private final ITemplateEngine templates;

  public ModelCardController(ModelCardService cards, ITemplateEngine templates) {
    this.cards = cards;
    this.templates = templates;
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/models/{id}/card")
  public ResponseEntity<String> card(@PathVariable String key, @PathVariable String id) {
    ModelCard card = cards.card(key, id);
    String html = templates.process("model-card", new Context(Locale.ROOT, Map.of("card", card)));
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .cacheControl(CacheControl.noCache().cachePrivate())
        .body(html);
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/models/{id}/charts/{chart}.png")
  public ResponseEntity<byte[]> chart(@PathVariable String key, @PathVariable String id,
      @PathVariable String chart) {
    byte[] png = cards.chart(key, id, chart);
    return ResponseEntity.ok()
        .contentType(MediaType.IMAGE_PNG)
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"model-" + id.replaceAll("[^0-9]", "")
            + "-" + chart.replaceAll("[^a-z]", "") + ".png\"")
        .cacheControl(CacheControl.noCache().cachePrivate())
        .body(png);
  }
}
