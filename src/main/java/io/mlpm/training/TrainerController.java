package io.mlpm.training;

import io.mlpm.data.Part;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The external trainers' side of a task (users of {@code trainers} only): what the task is, its rows
 * to download, and the upload of the predictions. Every route is valid only while the caller holds
 * the task's lock (fetched and locked with its user name as worker id).
 */
@RestController
public class TrainerController {

  static final String BASE = "/api/trainer/tasks/";
  private final ExternalCandidates candidates;
  private final TrainerTasks tasks;

  public TrainerController(ExternalCandidates candidates, TrainerTasks tasks) {
    this.candidates = candidates;
    this.tasks = tasks;
  }

  @GetMapping(BASE + "{taskId}")
  public Map<String, Object> task(@PathVariable String taskId, Principal user) {
    TrainerTasks.TrainerTask task = locked(taskId, user);
    ExternalCandidates.TaskFacts facts = candidates.facts(task);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task", facts);
    body.put("training", BASE + taskId + "/training.csv");
    body.put("validation", BASE + taskId + "/validation.csv");
    body.put("test", BASE + taskId + "/test.csv");
    body.put("upload", BASE + taskId + "/result");
    return body;
  }

  @GetMapping(BASE + "{taskId}/training.csv")
  public void training(@PathVariable String taskId, Principal user, HttpServletResponse response) throws IOException {
    rows(locked(taskId, user), Part.TRAIN, "training.csv", response);
  }

  @GetMapping(BASE + "{taskId}/validation.csv")
  public void validation(@PathVariable String taskId, Principal user, HttpServletResponse response)
      throws IOException {
    rows(locked(taskId, user), Part.VALIDATION, "validation.csv", response);
  }

  @GetMapping(BASE + "{taskId}/test.csv")
  public void test(@PathVariable String taskId, Principal user, HttpServletResponse response) throws IOException {
    rows(locked(taskId, user), Part.TEST, "test.csv", response);
  }

  /** The zip of {@link ExternalUpload}, as the request body ({@code application/zip}). */
  @PostMapping(path = BASE + "{taskId}/result", consumes = {"application/zip", MediaType.APPLICATION_OCTET_STREAM_VALUE})
  public ResponseEntity<ExternalCandidates.Accepted> upload(@PathVariable String taskId, Principal user,
      InputStream body) {
    TrainerTasks.TrainerTask task = locked(taskId, user);
    return ResponseEntity.status(HttpStatus.CREATED).body(candidates.accept(task, user.getName(), body));
  }

  /** The API's error body ({@code {"type","message"}}), kept here: web already knows this package. */
  @org.springframework.web.bind.annotation.ExceptionHandler(ExternalUpload.InvalidUploadException.class)
  public ResponseEntity<Map<String, String>> invalid(ExternalUpload.InvalidUploadException e) {
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("type", "InvalidUpload", "message", e.getMessage()));
  }

  @org.springframework.web.bind.annotation.ExceptionHandler(NotLocked.class)
  public ResponseEntity<Map<String, String>> notLocked(NotLocked e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("type", "NotFound", "message", e.getMessage()));
  }

  /** No trainer's task of that id is locked by the caller. */
  static final class NotLocked extends RuntimeException {
    NotLocked(String message) {
      super(message);
    }
  }

  /** Streamed as the file is read: a part may be far larger than memory. */
  private void rows(TrainerTasks.TrainerTask task, Part part, String file, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
    candidates.writeRows(task, part, response.getOutputStream());
  }

  private TrainerTasks.TrainerTask locked(String taskId, Principal user) {
    return tasks.lockedBy(taskId, user.getName()).orElseThrow(() -> new NotLocked("No trainer's task '"
        + taskId + "' is locked by worker '" + user.getName() + "': fetch and lock it with your user name as"
        + " worker id; its links are valid while you hold the lock."));
  }
}
