package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.mlpm.data.Dataset;
import io.mlpm.project.ProjectRepository;
import io.mlpm.web.ApiExceptionHandler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class HealthControllerTest {

  private final Instant start = Instant.parse("2025-06-01T00:00:00Z");
  private MonitoringDb db;
  private MockMvc mvc;
  private long checkId;
  private long otherCheckId;

  @BeforeEach
  void setUp() {
    db = new MonitoringDb(1000);
    mvc = MockMvcBuilders.standaloneSetup(new HealthController(new ProjectRepository(db.jdbc), db.checks))
        .setControllerAdvice(new ApiExceptionHandler("")).build();
    db.project("iris");
    db.project("other");
    db.project("unchecked");
    long model = db.productionModel("iris", "classification", "{\"accuracy\":0.9}");
    Random random = new Random(5);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(new String[] {String.valueOf(random.nextDouble() * 7), String.valueOf(random.nextDouble() * 4),
          random.nextBoolean() ? "a" : "b"});
    }
    db.baselineRepository.save(model, DriftBaselines.fromTraining(new Dataset(List.of("petal_length",
        "sepal_width", "kind"), rows), List.of("petal_length", "sepal_width", "kind")));
    for (int i = 0; i < 300; i++) {
      db.prediction("iris", model, "{\"petal_length\":" + (3 + random.nextDouble() * 7) + ",\"sepal_width\":"
          + random.nextDouble() * 4 + ",\"kind\":\"" + (i % 3 == 0 ? "a" : "b") + "\"}", "{\"value\":\"setosa\"}",
          start.plusSeconds(i));
    }
    db.acceptances.accept("iris", List.of("kind"), "engineer", "seasonal", Duration.ofDays(30), start);
    HealthReport report = db.service.check("iris", start.plus(Duration.ofDays(1)));
    db.checks.save("iris", report, "OK");
    checkId = db.checks.save("iris", report, "DEGRADED");
    HealthReport other = db.service.check("other", start);
    otherCheckId = db.checks.save("other", other, "OK");
  }

  @Test
  void latestReportWithVerdict() throws Exception {
    mvc.perform(get("/api/projects/iris/health"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.checkId").value(checkId))
        .andExpect(jsonPath("$.verdict").value("DEGRADED"))
        .andExpect(jsonPath("$.driftChart").value("/api/projects/iris/health/" + checkId + "/drift.png"))
        .andExpect(jsonPath("$.report.maxPsiFeature").value("petal_length"))
        .andExpect(jsonPath("$.report.predictions").value(300))
        .andExpect(jsonPath("$.report.features[2].accepted").value(true))
        .andExpect(jsonPath("$.report.findings[0].message").value(org.hamcrest.Matchers.startsWith(
            "Feature 'petal_length' drifted: PSI ")));
  }

  @Test
  void driftChartIsAPng() throws Exception {
    byte[] png = mvc.perform(get("/api/projects/iris/health/" + checkId + "/drift.png"))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.IMAGE_PNG))
        .andReturn().getResponse().getContentAsByteArray();

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(720);
    // Bars are coloured by level: the drifted feature's red must be somewhere in the picture.
    assertThat(containsColor(image, DriftChart.FAIL.getRGB())).isTrue();
    assertThat(containsColor(image, DriftChart.ACCEPTED.getRGB())).isTrue();
  }

  @Test
  void chartOfACheckWithoutPredictionsStillRenders() {
    HealthReport none = db.service.check("other", start);
    BufferedImage image = read(DriftChart.png(none));
    assertThat(image.getWidth()).isEqualTo(720);
  }

  @Test
  void unknownProjectOrCheckIsNotFound() throws Exception {
    mvc.perform(get("/api/projects/nope/health")).andExpect(status().isNotFound())
        .andExpect(jsonPath("$.message").value("No project with key 'nope'."));
    mvc.perform(get("/api/projects/unchecked/health")).andExpect(status().isNotFound())
        .andExpect(jsonPath("$.message").value("Project 'unchecked' has no health check yet."));
    mvc.perform(get("/api/projects/nope/health/" + checkId + "/drift.png")).andExpect(status().isNotFound());
    mvc.perform(get("/api/projects/iris/health/999999/drift.png")).andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
    // A check of another project is not found through this one.
    mvc.perform(get("/api/projects/iris/health/" + otherCheckId + "/drift.png").accept(MediaType.IMAGE_PNG))
        .andExpect(status().isNotFound());
  }

  private static boolean containsColor(BufferedImage image, int rgb) {
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xffffff) == (rgb & 0xffffff)) {
          return true;
        }
      }
    }
    return false;
  }

  private static BufferedImage read(byte[] png) {
    try {
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
