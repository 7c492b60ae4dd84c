package io.mlpm.serving;

import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serving tokens of a project, issued and revoked by its ML engineers:
 * {@code POST /api/projects/{key}/tokens {"name": "checkout-service"}} answers the secret once;
 * {@code GET} lists them with their last use; {@code DELETE .../tokens/{id}} revokes one.
 */
@RestController
public class TokenController {

  private final ServingTokens tokens;

  public TokenController(ServingTokens tokens) {
    this.tokens = tokens;
  }

  @Requires(ProjectRight.OPERATE)
  @PostMapping("/api/projects/{key}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> create(@PathVariable String key, @RequestBody(required = false) Map<String, Object> body,
      HttpServletRequest request) {
    Object name = body == null ? null : body.get("name");
    return tokens.create(key, name instanceof String s ? s : null, CurrentUser.of(request));
  }

  @Requires(ProjectRight.OPERATE)
  @GetMapping("/api/projects/{key}/tokens")
  public Map<String, Object> list(@PathVariable String key) {
    List<Map<String, Object>> list = tokens.list(key);
    return Map.of("project", key, "tokens", list);
  }

  @Requires(ProjectRight.OPERATE)
  @DeleteMapping("/api/projects/{key}/tokens/{id}")
  public Map<String, Object> revoke(@PathVariable String key, @PathVariable long id, HttpServletRequest request) {
    return tokens.revoke(key, id, CurrentUser.of(request));
  }
}
