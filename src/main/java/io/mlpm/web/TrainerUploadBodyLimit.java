package io.mlpm.web;

import io.mlpm.training.ExternalCandidates;
import jakarta.servlet.http.HttpServletRequest;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The cap of an external trainer's upload ({@code POST /api/trainer/tasks/{id}/result}): its predictions
 * of every validation and test row and its artifact, far above the API's default cap.
 */
@Component
public class TrainerUploadBodyLimit implements BodyLimit {

  private static final Pattern PATH = Pattern.compile("/api/trainer/tasks/[^/]+/result/?");
  private final ExternalCandidates candidates;

  public TrainerUploadBodyLimit(ExternalCandidates candidates) {
    this.candidates = candidates;
  }

  @Override
  public OptionalLong bytesFor(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return "POST".equals(request.getMethod()) && PATH.matcher(path).matches()
        ? OptionalLong.of(candidates.maxUploadBytes()) : OptionalLong.empty();
  }

  @Override
  public String setting() {
    return "mlpm.training.external-upload-bytes";
  }
}
