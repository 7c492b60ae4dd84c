package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.charter.TaskType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataQualityChecksTest {

  final DataQualityChecks checks = new DataQualityChecks();
  final DataCheckPolicy policy = DataCheckPolicy.defaults();

  /** n distinct rows: x = i, color alternating, label alternating a/b, price = 2i. */
  static List<String[]> rows(int n) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new String[] {String.valueOf(i), i % 2 == 0 ? "red" : "blue",
          i % 2 == 0 ? "a" : "b", String.valueOf(2 * i)});
    }
    return rows;
  }

  static Dataset dataset(List<String[]> rows) {
    return new Dataset(List.of("x", "color", "label", "price"), rows);
  }

  static List<Finding> of(List<Finding> findings, String check) {
    return findings.stream().filter(f -> f.check().equals(check)).toList();
  }

  @Test
  void defaultsAreAsDocumented() {
    assertThat(policy).isEqualTo(new DataCheckPolicy(30, 0.2, 0.1));
  }

  @Test
  void cleanIrisPassesWithSummary() {
    Dataset iris = new CsvDatasetReader().read(Path.of("src/test/resources/datasets/iris.csv"))
        .dataset();
    List<Finding> findings = checks.check(iris, "species", TaskType.CLASSIFICATION, policy);
    // Iris has one exact duplicate row (row 143 repeats row 102): a warning, not a failure.
    assertThat(of(findings, "duplicate_rows")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    Finding last = findings.get(findings.size() - 1);
    assertThat(last.severity()).isEqualTo(Severity.PASS);
    assertThat(last.message()).startsWith("150 rows and 5 columns checked;");
    assertThat(DataQualityChecks.verdict(findings)).isEqualTo(Severity.WARN);
  }

  @Test
  void cleanDataGivesOnlyThePassSummary() {
    List<Finding> findings = checks.check(dataset(rows(40)), "label", TaskType.CLASSIFICATION,
        policy);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.PASS);
      assertThat(f.message()).isEqualTo("40 rows and 4 columns checked; no problems found.");
    });
  }

  @Test
  void missingTargetColumnFailsAndSkipsTargetChecks() {
    List<Finding> findings = checks.check(dataset(rows(40)), "nope", TaskType.CLASSIFICATION,
        policy);
    assertThat(of(findings, "target_column")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.FAIL));
    assertThat(of(findings, "target_classes")).isEmpty();
    assertThat(of(findings, "summary")).isEmpty();
    assertThat(DataQualityChecks.verdict(findings)).isEqualTo(Severity.FAIL);
  }

  @Test
  void tooFewRowsFails() {
    List<Finding> findings = checks.check(dataset(rows(10)), "label", TaskType.CLASSIFICATION,
        policy);
    assertThat(of(findings, "min_rows")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.FAIL);
      assertThat(f.message()).isEqualTo("The dataset has 10 rows, fewer than the required 30.");
    });
  }

  @Test
  void missingValuesWarnThenFailAboveThreshold() {
    List<String[]> some = rows(40);
    some.get(0)[1] = null; // 1 of 40 = 2.5%
    List<Finding> warn = checks.check(dataset(some), "label", TaskType.CLASSIFICATION, policy);
    assertThat(of(warn, "missing_values")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARN);
      assertThat(f.column()).isEqualTo("color");
      assertThat(f.value()).isEqualTo(0.025);
    });

    List<String[]> many = rows(40);
    for (int i = 0; i < 17; i++) {
      many.get(i)[0] = null; // 17 of 40 = 42.5%
    }
    List<Finding> fail = checks.check(dataset(many), "label", TaskType.CLASSIFICATION, policy);
    assertThat(of(fail, "missing_values")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.FAIL);
      assertThat(f.message()).isEqualTo("Column 'x' is 42.5% empty, above the allowed 20.0%.");
      assertThat(f.threshold()).isEqualTo(0.2);
    });
  }

  @Test
  void missingTargetWarnsThatRowsAreDropped() {
    List<String[]> data = rows(40);
    data.get(3)[2] = null;
    List<Finding> findings = checks.check(dataset(data), "label", TaskType.CLASSIFICATION,
        policy);
    assertThat(of(findings, "target_missing")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARN);
      assertThat(f.message()).contains("1 rows").contains("left out");
    });
    assertThat(of(findings, "missing_values")).isEmpty();
  }

  @Test
  void duplicatesWarnThenFail() {
    List<String[]> few = rows(40);
    few.set(1, few.get(0).clone()); // 1 of 40 repeats
    assertThat(of(checks.check(dataset(few), "label", TaskType.CLASSIFICATION, policy),
        "duplicate_rows")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));

    List<String[]> many = rows(40);
    for (int i = 1; i <= 5; i++) {
      many.set(i, many.get(0).clone()); // 5 of 40 = 12.5% repeat row 0
    }
    assertThat(of(checks.check(dataset(many), "label", TaskType.CLASSIFICATION, policy),
        "duplicate_rows")).singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.FAIL);
          assertThat(f.message())
              .isEqualTo("5 rows (12.5%) repeat an earlier row, above the allowed 10.0%.");
        });
  }

  @Test
  void cellBoundariesMatterForDuplicates() {
    List<String[]> data = rows(40);
    data.set(0, new String[] {"ab", "c", "a", "1"});
    data.set(1, new String[] {"a", "bc", "a", "1"});
    assertThat(of(checks.check(dataset(data), "label", TaskType.CLASSIFICATION, policy),
        "duplicate_rows")).isEmpty();
  }

  @Test
  void classificationNeedsTwoClasses() {
    List<String[]> data = rows(40);
    data.forEach(r -> r[2] = "a");
    assertThat(of(checks.check(dataset(data), "label", TaskType.CLASSIFICATION, policy),
        "target_classes")).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.FAIL));
  }

  @Test
  void regressionTargetMustBeNumeric() {
    List<String[]> data = rows(40);
    assertThat(checks.check(dataset(data), "price", TaskType.REGRESSION, policy))
        .extracting(Finding::severity).containsExactly(Severity.PASS);
    data.get(4)[3] = "cheap";
    assertThat(of(checks.check(dataset(data), "price", TaskType.REGRESSION, policy),
        "target_numeric")).singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.FAIL);
          assertThat(f.message()).contains("'cheap'").contains("data row 5");
        });
  }

  @Test
  void verdictIsWorstSeverity() {
    Finding pass = new Finding("a", null, Severity.PASS, "ok", null, null);
    Finding warn = new Finding("b", null, Severity.WARN, "hm", null, null);
    Finding fail = new Finding("c", null, Severity.FAIL, "no", null, null);
    assertThat(DataQualityChecks.verdict(List.of())).isEqualTo(Severity.PASS);
    assertThat(DataQualityChecks.verdict(List.of(pass, warn))).isEqualTo(Severity.WARN);
    assertThat(DataQualityChecks.verdict(List.of(warn, fail, pass))).isEqualTo(Severity.FAIL);
  }
}
