package io.mlpm.portfolio;

import io.mlpm.project.Project;
import io.mlpm.project.ProjectStatus;
import io.mlpm.security.Roles;
import io.mlpm.web.BadRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The portfolio's filters and page, checked once where they come in: an unknown phase, status or
 * role, or a page out of range, is a 400 naming the parameter and what it accepts.
 *
 * @param waitingRole a group whose members a project waits for ({@code data-stewards}, ...)
 * @param overdue only projects with (true) or without (false) an overdue sign-off
 */
public record PortfolioQuery(String phase, ProjectStatus status, String waitingRole, Boolean overdue, String sponsor,
    int page, int size) {

  public static final List<String> PHASES = List.of("charter-validation", "charter-approval", "data-preparation",
      "model-development", "deployment-approval", "production", "ended");
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 200;

  public static PortfolioQuery of(String phase, String status, String waitingRole, String overdue, String sponsor,
      String page, String size) {
    String p = blankToNull(phase);
    if (p != null && !PHASES.contains(p)) {
      throw new BadRequestException("Parameter 'phase' is '" + p + "'; it is one of " + PHASES + ".");
    }
    ProjectStatus s = null;
    if (blankToNull(status) != null) {
      try {
        s = ProjectStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Parameter 'status' is '" + status + "'; it is one of "
            + Arrays.toString(ProjectStatus.values()) + ".");
      }
    }
    String role = blankToNull(waitingRole);
    if (role != null && !Roles.BUSINESS.contains(role)) {
      throw new BadRequestException("Parameter 'waitingRole' is '" + role + "'; it is one of " + Roles.BUSINESS + ".");
    }
    Boolean late = null;
    if (blankToNull(overdue) != null) {
      if (!overdue.strip().equals("true") && !overdue.strip().equals("false")) {
        throw new BadRequestException("Parameter 'overdue' is '" + overdue + "'; it is true or false.");
      }
      late = Boolean.valueOf(overdue.strip());
    }
    int n = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE);
    int sz = number("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
    return new PortfolioQuery(p, s, role, late, blankToNull(sponsor), n, sz);
  }

  /** The filters a project's own row decides. */
  boolean admits(Project p) {
    return (phase == null || phase.equals(p.phase())) && (status == null || status == p.status())
        && (sponsor == null || sponsor.equals(p.sponsor()));
  }

  /** The filters on what the project waits for. */
  boolean admits(Portfolio.Row row) {
    if (waitingRole != null && row.waitingFor().stream().noneMatch(w -> waitingRole.equals(w.role())
        || w.candidates().contains("group:" + waitingRole))) {
      return false;
    }
    return overdue == null || overdue == row.waitingFor().stream().anyMatch(Portfolio.Waiting::overdue);
  }

  private static int number(String name, String value, int otherwise, int min, int max) {
    if (blankToNull(value) == null) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequestException("Parameter '" + name + "' is '" + value + "'; it is a whole number from " + min
        + " to " + max + ".");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
