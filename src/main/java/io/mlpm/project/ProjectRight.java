package io.mlpm.project;

import io.mlpm.security.Roles;
import java.util.Set;

/**
 * What a domain API route under {@code /api/projects/{key}} needs of its caller: the groups that
 * always have the right, and those that have it on a condition about the project.
 */
public enum ProjectRight {
  /**
   * Read the project: compliance officers and administrators always; the users on its charter
   * (sponsor, who started it); members of the groups that have or had tasks in it; ML engineers
   * once it reached production.
   */
  READ(Set.of(Roles.COMPLIANCE, Roles.ADMINS), Set.of(Roles.SPONSORS, Roles.DATA_STEWARDS, Roles.DATA_SCIENTISTS,
      Roles.ML_ENGINEERS)),
  /** Serve predictions and send feedback: ML engineers, or a serving token of this project. */
  SERVE(Set.of(Roles.ML_ENGINEERS), Set.of()),
  /** Read the project's audit chain and whether it verifies: compliance officers and administrators. */
  AUDIT(Set.of(Roles.COMPLIANCE, Roles.ADMINS), Set.of()),
  /**
   * Propose a change of its charter (success criteria, risk level, dataset), which the sponsor then
   * approves: the people who read it by its conditions (sponsor, members of its groups, ML engineers
   * once in production), not those who only oversee it.
   */
  CHANGE(Set.of(), Set.of(Roles.SPONSORS, Roles.DATA_STEWARDS, Roles.DATA_SCIENTISTS, Roles.ML_ENGINEERS)),
  /** Operate it in production (retire it, issue and revoke serving tokens): ML engineers. */
  OPERATE(Set.of(Roles.ML_ENGINEERS), Set.of()),
  /**
   * List projects (the portfolio, a route without {@code {key}}): every person; the list holds only
   * the projects the caller may {@link #READ}. Not serving tokens.
   */
  LIST(Set.of(Roles.SPONSORS, Roles.DATA_STEWARDS, Roles.DATA_SCIENTISTS, Roles.ML_ENGINEERS, Roles.COMPLIANCE,
      Roles.ADMINS), Set.of());

  private final Set<String> always;
  private final Set<String> conditionally;

  ProjectRight(Set<String> always, Set<String> conditionally) {
    this.always = always;
    this.conditionally = conditionally;
  }

  /** Groups whose members have the right on every project. */
  public Set<String> always() {
    return always;
  }

  /** Groups whose members may have it, depending on the project (see the constant's comment). */
  public Set<String> conditionally() {
    return conditionally;
  }

  /** Whether a serving token of the project has the right. */
  public boolean forToken() {
    return this == SERVE;
  }
}
