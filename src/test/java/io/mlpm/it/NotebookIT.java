package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The data scientists' notebook (examples/notebook) executed as Debian's jupyter-nbconvert runs it
 * (python3-ipykernel on /usr/bin/python3, which .ci/run installs) against the application: it submits
 * the charter, waits while the sponsor and the steward sign off here, reads the findings, candidates
 * and model cards, and sends a retry with other algorithms that trains them.
 */
class NotebookIT extends IrisApp {

  @Test
  void theNotebookStartsAProjectReadsItAndSendsARetry() throws Exception {
    Http http = new Http(port);
    String key = "notebook-iris";
    Path out = Files.createDirectories(dir.resolve("notebook-out"));
    Path log = dir.resolve("nbconvert.log");
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/jupyter-nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), "examples/notebook/ml_project.ipynb")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("MLPM_URL", "http://localhost:" + port);
    builder.environment().put("MLPM_PROJECT_KEY", key);
    builder.environment().put("MLPM_WAIT", "240");
    Process notebook = builder.start();
    try {
      // The people the notebook waits for sign off as they would in Tasklist.
      http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
      http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");
      assertThat(notebook.waitFor(8, TimeUnit.MINUTES)).as("the notebook finished").isTrue();
    } finally {
      notebook.destroyForcibly();
    }
    assertThat(notebook.exitValue()).as(Files.readString(log)).isZero();
    String executed = Files.readString(out.resolve("ml_project.ipynb"));
    assertThat(executed).contains("started " + key).contains("data verdict")
        .contains("/api/projects/" + key + "/models/").contains("/card")
        .contains("retry sent with logistic_regression,random_forest").contains("done: project " + key);
    // The retry is the data scientist's decision, on record.
    assertThat(http.get("compliance", "/api/projects/" + key + "/audit").body()).contains("scientist")
        .contains("retry");
  }
}
