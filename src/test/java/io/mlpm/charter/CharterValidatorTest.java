package io.mlpm.charter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CharterValidatorTest {

  private static final List<String> IRIS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width",
      "sex", "species");
  private final CharterValidator validator = new CharterValidator((uri, delimiter) -> {
    if (!uri.equals("iris.csv")) {
      throw new IllegalArgumentException("'" + uri + "' is outside the dataset root");
    }
    return IRIS;
  }, Set.of("sponsor")::contains);

  private static Map<String, Object> charter() {
    return TestCharters.iris("sponsor");
  }

  /** The whole contract is one typed record: every optional field as validated, for the project's row. */
  @Test
  void everyFieldOfTheContractIsInTheCharter() {
    Map<String, Object> v = charter();
    v.put("seed", "7");
    v.put("csvDelimiter", ";");
    v.put("algorithms", "logistic_regression, random_forest");
    v.put("tuningBudget", 4);
    v.put("excludedColumns", "[\"sex\", \"sepal_width\"]");
    v.put("maxMissingRatio", "0.3");
    v.put("minRows", 50);
    v.put("sensitiveAttribute", "petal_width");
    Charter c = validator.validate(v);
    assertThat(c.seed()).isEqualTo(7L);
    assertThat(c.csvDelimiter()).isEqualTo(";");
    assertThat(c.algorithms()).containsExactly("logistic_regression", "random_forest");
    assertThat(c.tuningBudget()).isEqualTo(4);
    assertThat(c.excludedColumns()).containsExactly("sex", "sepal_width");
    assertThat(c.qualityOverrides()).containsEntry("maxMissingRatio", 0.3).containsEntry("minRows", 50.0);
    assertThat(validator.validate(charter())).satisfies(d -> {
      assertThat(d.seed()).isNull();
      assertThat(d.algorithms()).isEmpty();
      assertThat(d.excludedColumns()).isEmpty();
      assertThat(d.qualityOverrides()).isEmpty();
    });
  }

  @Test
  void excludedColumnsMustBeColumnsAndNeitherTheTargetNorTheSensitiveAttribute() {
    Map<String, Object> v = charter();
    v.put("excludedColumns", "sex, colour");
    assertThatThrownBy(() -> validator.validate(v)).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("'excludedColumns' names [colour], not columns of iris.csv");
    v.put("excludedColumns", "species");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("names the target 'species'");
    v.put("excludedColumns", "sex");
    v.put("sensitiveAttribute", "sex");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("sensitive attribute 'sex'");
  }

  /** An accuracy target of 80 (meant as 80 %) or a column the file lacks once cost a sign-off round. */
  @Test
  void anImpossibleThresholdOrAMissingColumnIsRefusedAtTheStart() {
    Map<String, Object> v = charter();
    v.put("successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":80}]");
    assertThatThrownBy(() -> validator.validate(v)).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("successCriteria").hasMessageContaining("outside accuracy's range, 0 to 1")
        .hasMessageContaining("write 0.8");
    // A project an earlier version started with such a charter still reads its criteria in every step.
    assertThat(CharterValidator.parseCriteriaOf("[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":80}]",
        TaskType.CLASSIFICATION)).singleElement().extracting(SuccessCriterion::threshold).isEqualTo(80.0);
    v.put("successCriteria", "[{\"metric\":\"log_loss\",\"operator\":\"<=\",\"threshold\":-0.1}]");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("log_loss's range, 0 or more");
    v.put("successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":1}]");
    assertThat(validator.validate(v).successCriteria()).hasSize(1);

    Map<String, Object> missing = charter();
    missing.put("targetColumn", "specie");
    assertThatThrownBy(() -> validator.validate(missing)).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("'targetColumn' is 'specie', which is not a column of iris.csv")
        .hasMessageContaining("sepal_length, sepal_width, petal_length, petal_width, sex, species");
    missing.put("targetColumn", "species");
    missing.put("sensitiveAttribute", "gender");
    assertThatThrownBy(() -> validator.validate(missing)).hasMessageContaining("'sensitiveAttribute' is 'gender'");
    missing.put("sensitiveAttribute", "sex");
    assertThat(validator.validate(missing).sensitiveAttribute()).isEqualTo("sex");
  }

  @Test
  void signOffDaysAreAWholeNumberOfDaysFromOneToAYear() {
    Map<String, Object> v = charter();
    assertThat(validator.validate(v).signOffDays()).isNull();
    v.put("signOffDays", 7);
    assertThat(validator.validate(v).signOffDays()).isEqualTo(7);
    v.put("signOffDays", "14");
    assertThat(validator.validate(v).signOffDays()).isEqualTo(14);
    for (Object wrong : List.of(0, 366, 2.5, "soon")) {
      v.put("signOffDays", wrong);
      assertThatThrownBy(() -> validator.validate(v)).as(String.valueOf(wrong))
          .isInstanceOf(InvalidCharterException.class).hasMessageContaining("'signOffDays'");
    }
  }

  @Test
  void aGoodCharterIsAcceptedWithDefaults() {
    Charter c = validator.validate(charter());
    assertThat(c.taskType()).isEqualTo(TaskType.CLASSIFICATION);
    assertThat(c.maxIterations()).isEqualTo(3);
    assertThat(c.successCriteria()).containsExactly(new SuccessCriterion("accuracy", ">=", 0.8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"projectName", "businessProblem", "sponsor", "datasetUri", "targetColumn", "taskType",
      "successCriteria"})
  void aMissingOrBlankRequiredVariableIsNamed(String name) {
    Map<String, Object> v = charter();
    v.remove(name);
    assertThatThrownBy(() -> validator.validate(v)).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("'" + name + "'").extracting("variable").isEqualTo(name);
    v.put(name, "  ");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'" + name + "'");
  }

  @Test
  void anUnknownTaskTypeIsRefused() {
    Map<String, Object> v = charter();
    v.put("taskType", "clustering");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'taskType'").hasMessageContaining("clustering");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json|not valid JSON",
      "{\"metric\":\"accuracy\"}|non-empty JSON list",
      "[]|non-empty JSON list",
      "[1]|must be an object",
      "[{\"metric\":\"precision@5\",\"operator\":\">=\",\"threshold\":0.8}]|unknown metric 'precision@5'",
      "[{\"metric\":\"rmse\",\"operator\":\"<=\",\"threshold\":0.8}]|does not apply to classification",
      "[{\"metric\":\"accuracy\",\"operator\":\"=>\",\"threshold\":0.8}]|unknown operator '=>'",
      "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":\"high\"}]|numeric 'threshold'",
      "[{\"metric\":\"accuracy\",\"operator\":\">=\"}]|numeric 'threshold'"})
  void badSuccessCriteriaAreExplained(String criteria, String expected) {
    Map<String, Object> v = charter();
    v.put("successCriteria", criteria);
    assertThatThrownBy(() -> validator.validate(v)).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("'successCriteria'").hasMessageContaining(expected);
  }

  @Test
  void aDatasetOutsideTheRootIsRefused() {
    Map<String, Object> v = charter();
    v.put("datasetUri", "../etc/passwd");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'datasetUri'")
        .hasMessageContaining("outside the dataset root");
  }

  @Test
  void riskLevelDefaultsToMediumAndMustBeKnown() {
    assertThat(validator.validate(charter()).riskLevel()).isEqualTo("medium");
    Map<String, Object> v = charter();
    v.put("riskLevel", "high");
    assertThat(validator.validate(v).riskLevel()).isEqualTo("high");
    v.put("riskLevel", "extreme");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'riskLevel'");
  }

  @Test
  void aDeclaredCsvDelimiterMustBeKnown() {
    Map<String, Object> v = charter();
    v.put("csvDelimiter", "semicolon");
    assertThat(validator.validate(v)).isNotNull();
    v.put("csvDelimiter", "pipe");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'csvDelimiter'").hasMessageContaining("pipe");
  }

  @Test
  void aSeedMustBeAWholeNumber() {
    Map<String, Object> v = charter();
    for (Object ok : new Object[] {7, 7L, "123", " 42 ", ""}) {
      v.put("seed", ok);
      assertThat(validator.validate(v)).as(String.valueOf(ok)).isNotNull();
    }
    for (Object bad : new Object[] {"abc", "1.5", 2.5}) {
      v.put("seed", bad);
      assertThatThrownBy(() -> validator.validate(v)).as(String.valueOf(bad)).isInstanceOf(InvalidCharterException.class)
          .hasMessageContaining("'seed'").hasMessageContaining("whole number").hasMessageContaining(bad.toString());
    }
  }

  @Test
  void qualityOverridesMustBeNumbersInRange() {
    Map<String, Object> v = charter();
    v.put("maxMissingRatio", "0.3");
    v.put("minClassRatio", 0.01);
    v.put("minRows", "100");
    assertThat(validator.validate(v)).isNotNull();
    for (Object[] bad : new Object[][] {{"maxMissingRatio", "abc"}, {"maxDuplicateRatio", 1.5},
        {"minClassRatio", "-0.1"}, {"maxOutlierRatio", "NaN"}, {"minRows", "0"}, {"minRows", "12.5"},
        {"minRows", "many"}}) {
      Map<String, Object> w = charter();
      w.put((String) bad[0], bad[1]);
      assertThatThrownBy(() -> validator.validate(w)).as(bad[0] + "=" + bad[1])
          .isInstanceOf(InvalidCharterException.class).hasMessageContaining("'" + bad[0] + "'")
          .hasMessageContaining(bad[1].toString());
    }
  }

  @Test
  void anUnknownSponsorIsRefused() {
    Map<String, Object> v = charter();
    v.put("sponsor", "nobody");
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'sponsor'").hasMessageContaining("nobody");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "x", "2.5", "51"})
  void maxIterationsMustBeASensibleWholeNumber(String value) {
    Map<String, Object> v = charter();
    v.put("maxIterations", value.equals("2.5") ? (Object) 2.5 : value);
    assertThatThrownBy(() -> validator.validate(v)).hasMessageContaining("'maxIterations'");
  }

  @Test
  void regressionCriteriaUseRegressionMetrics() {
    Map<String, Object> v = charter();
    v.put("taskType", "regression");
    v.put("successCriteria", "[{\"metric\":\"rmse\",\"operator\":\"<=\",\"threshold\":5}]");
    v.put("maxIterations", 5L);
    Charter c = validator.validate(v);
    assertThat(c.maxIterations()).isEqualTo(5);
    assertThat(c.successCriteria().get(0).isMetBy(4.0)).isTrue();
    assertThat(c.successCriteria().get(0).isMetBy(6.0)).isFalse();
  }
}
