package io.mlpm.training;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/**
 * Which code trains the built-in candidates: the application's version and Git commit, from the
 * build's {@code build-info.properties} and {@code git.properties} (Spring Boot's build and Git info).
 */
@Component
public class ApplicationVersion {

  private final String described;

  @org.springframework.beans.factory.annotation.Autowired
  public ApplicationVersion(ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
    this(describe(build.getIfAvailable(), git.getIfAvailable()));
  }

  ApplicationVersion(String described) {
    this.described = described;
  }

  /** Where no build information exists (a test's own wiring). */
  static ApplicationVersion unknown() {
    return new ApplicationVersion("mlpm-orchestrator (version and commit unknown: not built by Maven)");
  }

  /** "mlpm-orchestrator 0.1.0, commit 0123abcd… (2026-12-04T04:13:24Z)", with what is known of it. */
  public String describe() {
    return described;
  }

  private static String describe(BuildProperties build, GitProperties git) {
    StringBuilder s = new StringBuilder(build == null ? "mlpm-orchestrator (version unknown)"
        : build.getArtifact() + " " + build.getVersion());
    if (git == null || git.getCommitId() == null) {
      return s.append(", commit unknown (built outside a Git checkout)").toString();
    }
    s.append(", commit ").append(git.getCommitId());
    if (git.getCommitTime() != null) {
      s.append(" (").append(git.getCommitTime()).append(')');
    }
    if ("true".equals(git.get("dirty"))) {
      s.append(", with uncommitted changes");
    }
    return s.toString();
  }
}
