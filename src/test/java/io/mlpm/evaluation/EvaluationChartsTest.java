package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.TaskType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EvaluationChartsTest {

  @Test
  void everyChartOfAClassificationReportIsAPng() throws Exception {
    var model = EvaluationReporterTest.train(EvaluationReporterTest.signalAndNoise(300, 1), "label",
        TaskType.CLASSIFICATION);
    EvaluationReport report = new EvaluationReporter().report(model, EvaluationReporterTest.signalAndNoise(100, 2),
        "label", "accuracy", null, 1);
    assertThat(EvaluationCharts.available(report)).containsExactly("confusion", "roc", "importance");
    for (String chart : EvaluationCharts.available(report)) {
      assertPng(EvaluationCharts.png(report, chart));
    }
    assertThatThrownBy(() -> EvaluationCharts.png(report, "residuals"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("residuals");
    assertThatThrownBy(() -> EvaluationCharts.png(report, "pie")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyChartOfARegressionReportIsAPng() throws Exception {
    var model = EvaluationReporterTest.train(EvaluationReporterTest.linear(300, 1), "y", TaskType.REGRESSION);
    EvaluationReport report = new EvaluationReporter().report(model, EvaluationReporterTest.linear(100, 2),
        "y", "rmse", null, 1);
    assertThat(EvaluationCharts.available(report)).containsExactly("residuals", "importance");
    for (String chart : EvaluationCharts.available(report)) {
      assertPng(EvaluationCharts.png(report, chart));
    }
  }

  private static void assertPng(byte[] bytes) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(300);
    assertThat(image.getHeight()).isGreaterThan(100);
  }
}
