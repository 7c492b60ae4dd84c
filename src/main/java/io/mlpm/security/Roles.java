package io.mlpm.security;

import java.util.List;

/** The Camunda groups of design.md, one per role in the lifecycle. */
public final class Roles {

  public static final String SPONSORS = "sponsors";
  public static final String DATA_STEWARDS = "data-stewards";
  public static final String DATA_SCIENTISTS = "data-scientists";
  public static final String ML_ENGINEERS = "ml-engineers";
  public static final String COMPLIANCE = "compliance";
  public static final String ADMINS = "camunda-admin";
  /** External trainers' workers: the external-training process and its external tasks alone. */
  public static final String TRAINERS = "trainers";

  /** The business roles (everyone but the administrators). */
  public static final List<String> BUSINESS = List.of(SPONSORS, DATA_STEWARDS, DATA_SCIENTISTS, ML_ENGINEERS,
      COMPLIANCE);

  private Roles() {}

  static String displayName(String group) {
    return switch (group) {
      case SPONSORS -> "Business sponsors";
      case DATA_STEWARDS -> "Data stewards";
      case DATA_SCIENTISTS -> "Data scientists";
      case ML_ENGINEERS -> "ML engineers";
      case COMPLIANCE -> "Compliance officers";
      case ADMINS -> "Process owners and administrators";
      case TRAINERS -> "External trainers (workers)";
      default -> group;
    };
  }
}
