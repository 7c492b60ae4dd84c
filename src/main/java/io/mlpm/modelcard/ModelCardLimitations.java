package io.mlpm.modelcard;

import io.mlpm.evaluation.EvaluationReport;
import io.mlpm.evaluation.EvaluationReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the "limitations" section of a model card from what is known about the model. */
public final class ModelCardLimitations {

  /** Groups or classes with fewer test rows than this are called out as uncertain. */
  static final int SMALL = 30;

  private ModelCardLimitations() {}

  /**
   * @param report null when no evaluation report is stored
   * @param sensitiveAttribute the charter's, or null
   */
  public static List<String> describe(String taskType, String algorithm, ModelCard.DataFacts data,
      EvaluationReport report, String sensitiveAttribute) {
    List<String> out = new ArrayList<>();
    String file = data.datasetUri() == null ? "one file" : "one file, '" + data.datasetUri() + "'";
    String sha = data.datasetSha256() == null ? "" : " (SHA-256 " + abbreviate(data.datasetSha256()) + ")";
    String trained = data.trainingRowsUsed() != null && data.trainingRowsUsed().contains("sample")
        ? "Trained on a seeded sample of the training split (" + data.trainingRowsUsed() + ")"
        : data.trainRows() == null ? "Trained on the training split" : "Trained on " + data.trainRows() + " rows";
    out.add(trained + " of " + file + sha + ". How it behaves on data from other sources, periods or populations"
        + " was not measured.");
    Integer test = report != null ? Integer.valueOf(report.testRows()) : data.testRows();
    out.add("The metrics come from one evaluation on " + (test == null ? "the" : test)
        + " held-out test rows of the same file. They estimate performance on data like it, not after the data"
        + " drifts; averages also hide how errors are spread over cases.");
    if (data.leftOut().isEmpty()) {
      out.add("No column of the dataset was left out of the features.");
    } else {
      out.add("Left out of the features: " + String.join("; ", data.leftOut())
          + ". The model cannot use what these columns carry.");
    }
    if (!data.stewardDecisions().isEmpty()) {
      out.add("The data steward accepted data that failed checks or left columns out: "
          + String.join("; ", data.stewardDecisions()) + ". Read the reasons before relying on the model.");
    }
    if (!data.featureColumns().isEmpty()) {
      out.add("Inputs: " + String.join(", ", data.featureColumns()) + ". A missing number is replaced by the"
          + " training mean; a category not seen in training counts as none of the known ones, so predictions"
          + " for such rows are less reliable.");
    }
    out.add(algorithmNote(algorithm));
    if (report == null) {
      out.add("No evaluation report is stored for this model version: there is no confusion matrix, ROC curve,"
          + " residual plot, feature importance or fairness analysis to judge it by beyond the metrics above.");
    } else if (report.isClassification()) {
      out.add("Predicted probabilities were not checked for calibration; read them as scores, not as"
          + " frequencies.");
      if (report.confusion() != null) {
        List<String> small = new ArrayList<>();
        for (int i = 0; i < report.confusion().labels().size(); i++) {
          int support = report.confusion().counts().get(i).stream().mapToInt(Integer::intValue).sum();
          if (support < SMALL) {
            small.add("'" + report.confusion().labels().get(i) + "' (" + support + ")");
          }
        }
        if (!small.isEmpty()) {
          out.add("Few test rows for " + String.join(", ", small) + ": figures for these classes are uncertain.");
        }
      }
    } else {
      out.add("RMSE and MAE are averages over all test rows; the residual plot shows where errors are larger"
          + " or systematically signed.");
    }
    if (report != null && report.importance() != null) {
      out.add("Feature importance shows how much the model relies on a column (measured on "
          + report.importance().rows() + " test rows), not cause and effect; correlated columns share their"
          + " importance.");
    }
    out.add(fairnessNote(report, sensitiveAttribute, data.featureColumns()));
    return out;
  }

  private static String algorithmNote(String algorithm) {
    String a = algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT);
    if (a.contains("logistic") || a.contains("linear")) {
      return "A linear model (" + algorithm + "): it adds up effects of the standardized, one-hot encoded"
          + " inputs and cannot represent interactions between them or effects that change direction.";
    }
    if (a.contains("forest") || a.contains("tree")) {
      return "A tree ensemble (" + algorithm + "): it cannot extrapolate beyond the range of values seen in"
          + " training.";
    }
    return "Algorithm: " + algorithm + ".";
  }

  private static String fairnessNote(EvaluationReport report, String attribute, List<String> features) {
    if (attribute == null || attribute.isBlank()) {
      return "The charter names no sensitive attribute, so no fairness figures were computed; that does not"
          + " show that the model treats groups of people alike.";
    }
    StringBuilder s = new StringBuilder();
    if (report == null || report.fairness() == null) {
      s.append("The charter names '").append(attribute).append("' as sensitive, but no fairness figures are"
          + " stored for this model version.");
    } else {
      EvaluationReport.Fairness f = report.fairness();
      s.append("Fairness figures compare the groups of '").append(attribute).append("' on the test rows only");
      List<String> small = f.groups().stream().filter(g -> g.rows() < SMALL)
          .map(g -> "'" + g.group() + "' (" + g.rows() + ")").toList();
      if (!small.isEmpty()) {
        s.append("; small groups make them uncertain: ").append(String.join(", ", small));
      }
      s.append(". Other attributes, and inputs that stand in for them, were not examined.");
      if (f.groups().stream().anyMatch(g -> g.group().equals(EvaluationReporter.MISSING_GROUP))) {
        s.append(" Rows without a value form the group '" + EvaluationReporter.MISSING_GROUP + "'.");
      }
    }
    if (features.contains(attribute)) {
      s.append(" '").append(attribute).append("' is itself an input of the model.");
    }
    return s.toString();
  }

  private static String abbreviate(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
  }
}
