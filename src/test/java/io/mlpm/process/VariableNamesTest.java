package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every process variable a diagram reads (gateways, timers, assignments) is named in {@link Variables}. */
public class VariableNamesTest {

  /** Spring beans and engine objects the expressions call, not variables. */
  private static final Set<String> NOT_VARIABLES = Set.of("execution", "task", "decisionListener", "projectPhase",
      "developmentPlan", "externalTraining", "serving", "true", "false", "null", "empty", "not", "and", "or", "eq", "ne");
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![.'\\w])([a-zA-Z_]\\w*)(?![\\w'(])");

  static Set<String> names() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field f : Variables.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        names.add((String) f.get(null));
      } else if (Modifier.isStatic(f.getModifiers()) && f.getType() == Variables.Outcome.class) {
        f.setAccessible(true);
        Variables.Outcome o = (Variables.Outcome) f.get(null);
        names.addAll(java.util.List.of(o.value(), o.by(), o.comment()));
      }
    }
    return names;
  }

  /** The variable names a diagram's expressions read (not beans, delegates or contracts). */
  public static Set<String> readBy(Path bpmn) throws java.io.IOException {
    Set<String> read = new TreeSet<>();
    Matcher m = EXPRESSION.matcher(Files.readString(bpmn).replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&"));
    while (m.find()) {
      // String literals are values, not names.
      Matcher id = IDENTIFIER.matcher(m.group(1).replaceAll("'[^']*'", "''"));
      while (id.find()) {
        String name = id.group(1);
        if (!NOT_VARIABLES.contains(name) && !name.endsWith("Delegate") && !name.endsWith("Contract")) {
          read.add(name);
        }
      }
    }
    return read;
  }

  @Test
  void everyVariableTheDiagramsReadIsNamedInVariables() throws Exception {
    Set<String> known = names();
    Set<String> unknown = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path bpmn : files.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
        readBy(bpmn).stream().filter(name -> !known.contains(name))
            .forEach(name -> unknown.add(bpmn.getFileName() + ": " + name));
      }
    }
    assertThat(unknown).as("variables the diagrams read that Variables does not name").isEmpty();
  }
}
