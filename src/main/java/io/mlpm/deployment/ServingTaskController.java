package io.mlpm.deployment;

import io.mlpm.web.NotFoundException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The serving workers' side of a serving task (users of {@code trainers} only, like the trainers'
 * links): what to serve or withdraw, the artifact to serve, and the report of where it serves, which
 * completes the task. Every route is valid only while the caller holds the task's lock.
 */
@RestController
public class ServingTaskController {

  static final String BASE = "/api/trainer/serving/";
  private final ExternalServing serving;

  public ServingTaskController(ExternalServing serving) {
    this.serving = serving;
  }

  @GetMapping(BASE + "{taskId}")
  public Map<String, Object> task(@PathVariable String taskId, Principal user) {
    return serving.facts(locked(taskId, user), BASE + taskId);
  }

  @GetMapping(BASE + "{taskId}/artifact")
  public ResponseEntity<byte[]> artifact(@PathVariable String taskId, Principal user) {
    ExternalServing.Artifact artifact = serving.artifact(locked(taskId, user));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"artifact\"")
        .header("X-Artifact-Format", artifact.format() == null ? "" : artifact.format())
        .header("X-Artifact-SHA256", sha256(artifact.bytes()))
        .body(artifact.bytes());
  }

  /** {@code {"endpoint": "https://..."}} where the model now serves, or {@code {}} when it only withdrew one. */
  @PostMapping(BASE + "{taskId}/served")
  public ExternalServing.Report served(@PathVariable String taskId, Principal user,
      @RequestBody(required = false) ExternalServing.Report report) {
    return serving.served(locked(taskId, user), user.getName(), report);
  }

  private ServingTasks.ServingTask locked(String taskId, Principal user) {
    return serving.lockedBy(taskId, user.getName()).orElseThrow(() -> new NotFoundException("No serving task '"
        + taskId + "' is locked by worker '" + user.getName() + "': fetch and lock it (topics deploy-model,"
        + " rollback-model, retire-model) with your user name as worker id; its links are valid while you hold"
        + " the lock."));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
