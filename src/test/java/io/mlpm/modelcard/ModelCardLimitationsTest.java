package io.mlpm.modelcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.evaluation.EvaluationReport;
import io.mlpm.evaluation.EvaluationReport.ConfusionMatrix;
import io.mlpm.evaluation.EvaluationReport.Fairness;
import io.mlpm.evaluation.EvaluationReport.GroupFigures;
import io.mlpm.evaluation.EvaluationReport.Importance;
import io.mlpm.evaluation.EvaluationReport.Residuals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardLimitationsTest {

  private static final ModelCard.DataFacts DATA = new ModelCard.DataFacts("0123456789abcdef0123", "loans.csv",
      1000L, 8, 640, 160, 200, 3, 2, 7L, List.of("income", "age", "gender"),
      List.of("id (unique per row)", "notes (excluded during data preparation)"),
      List.of("Failed data checks waived by steward on 2026-12-02: income gaps are known"),
      "trained on all 640 training rows; tuned on all 160 validation rows", "evaluated on all 200 test rows");

  @Test
  void namesTheFileTheRowsAndWhatWasLeftOut() {
    List<String> text = ModelCardLimitations.describe("classification", "logistic_regression", DATA, null, null);
    assertThat(text.get(0)).contains("Trained on 640 rows", "'loans.csv'", "0123456789ab…");
    assertThat(text.get(1)).contains("200 held-out test rows");
    assertThat(text).anySatisfy(s -> assertThat(s).contains("id (unique per row); notes (excluded"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("linear model"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("No evaluation report is stored"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("names no sensitive attribute"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("waived by steward on 2026-12-02: income gaps are known"));
  }

  @Test
  void callsOutSmallClassesSmallGroupsAndASensitiveInput() {
    EvaluationReport report = new EvaluationReport(1, "classification", "default", 200, 1, Map.of("accuracy", 0.9),
        new ConfusionMatrix(List.of("no", "yes"), List.of(List.of(180, 8), List.of(4, 8))), List.of(), null,
        new Importance("accuracy", true, 0.9, 200, 3, List.of()),
        new Fairness("gender", "yes", List.of(
            new GroupFigures("f", 190, Map.of(), Map.of("yes", 0.1), null),
            new GroupFigures("(missing)", 10, Map.of(), Map.of("yes", 0.0), null)),
            Map.of("yes", 0.1), 0.1, null, null));
    List<String> text = ModelCardLimitations.describe("classification", "random_forest", DATA, report, "gender");
    assertThat(text).anySatisfy(s -> assertThat(s).contains("Few test rows for 'yes' (12)"));
    assertThat(text).noneSatisfy(s -> assertThat(s).contains("'no' (188)"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("tree ensemble"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("calibration"));
    assertThat(text).anySatisfy(s -> assertThat(s)
        .contains("groups of 'gender'", "'(missing)' (10)", "'gender' is itself an input of the model"));
  }

  @Test
  void regressionMentionsResiduals() {
    EvaluationReport report = new EvaluationReport(1, "regression", "price", 200, 1, Map.of("rmse", 1.0), null,
        List.of(), new Residuals(200, 0, 1, -2, -1, 0, 1, 2, 0.8, List.of()), null, null);
    List<String> text = ModelCardLimitations.describe("regression", "linear_regression", DATA, report, "region");
    assertThat(text).anySatisfy(s -> assertThat(s).contains("residual plot"));
    assertThat(text).anySatisfy(s -> assertThat(s).contains("no fairness figures are stored"));
  }
}
