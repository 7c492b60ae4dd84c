package io.mlpm.training;

/** How a column enters the model. */
public enum FeatureKind {
  /** Imputed with the training mean, then standardized. */
  NUMERIC,
  /** One-hot encoded as features {@code column=value}. */
  CATEGORICAL
}
