package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The route list, route by route: what each role may call on the engine and the webapp API. */
class EngineRoutesTest {

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      // What Tasklist and the contract use: candidates read, claim, complete, submit, comment.
      "sponsors|GET|/engine-rest/task?processInstanceBusinessKey=x|0",
      "sponsors|GET|/camunda/api/engine/engine/default/task/1/form-variables|0",
      "data-stewards|POST|/camunda/api/engine/engine/default/filter/f1/list|0",
      "data-stewards|POST|/engine-rest/task/1/claim|0",
      "data-stewards|POST|/engine-rest/task/1/unclaim|0",
      "data-stewards|POST|/engine-rest/engine/default/task/1/complete|0",
      "data-stewards|POST|/camunda/api/engine/engine/default/task/1/submit-form|0",
      "data-scientists|POST|/engine-rest/task/1/comment/create|0",
      "sponsors|POST|/engine-rest/process-definition/key/ml-project-lifecycle/start|0",
      "sponsors|POST|/camunda/api/engine/engine/default/process-definition/pd1/submit-form|0",
      "compliance|POST|/engine-rest/history/task|0",
      "ml-engineers|POST|/camunda/api/cockpit/plugin/base/default/process-instance|0",
      // Side doors of the engine's task rights, and everything else for administrators only.
      "data-stewards|POST|/engine-rest/task/1/resolve|403",
      "data-stewards|POST|/engine-rest/task/1/bpmnError|403",
      "data-stewards|POST|/camunda/api/engine/engine/default/task/1/bpmnEscalation|403",
      "data-stewards|POST|/engine-rest/task/1/assignee|403",
      "data-stewards|POST|/engine-rest/task/1/delegate|403",
      "data-stewards|PUT|/engine-rest/task/1|403",
      "data-stewards|POST|/engine-rest/task/1/identity-links|403",
      "data-stewards|POST|/engine-rest/task/1/variables|403",
      "data-stewards|PUT|/engine-rest/task/1/localVariables/x|403",
      "data-stewards|PUT|/engine-rest/task/1/comment|403",
      "data-stewards|DELETE|/engine-rest/task/1/comment/c1|403",
      "ml-engineers|PUT|/engine-rest/process-instance/p1/variables/x|403",
      "ml-engineers|PUT|/engine-rest/process-instance/p1/suspended|403",
      "ml-engineers|POST|/engine-rest/process-instance/p1/modification|403",
      "ml-engineers|POST|/engine-rest/signal|403",
      "ml-engineers|POST|/engine-rest/message|403",
      "ml-engineers|PUT|/engine-rest/job/j1/retries|403",
      "ml-engineers|POST|/engine-rest/history/cleanup|403",
      "ml-engineers|POST|/engine-rest/process-instance/delete|403",
      "compliance|POST|/camunda/api/engine/engine/default/task/1/assignee|403",
      "compliance|POST|/engine-rest/process-definition/key/ml-project-lifecycle/start|403",
      "data-scientists|POST|/engine-rest/process-definition/key/charter-change/submit-form|0",
      "compliance|POST|/camunda/api/cockpit/plugin/base/default/process-instance|0",
      "data-stewards|POST|/camunda/api/cockpit/plugin/base/default/process-instance|403",
      "data-stewards|GET|/camunda/api/admin/plugin/adminPlugins/default/x|403",
      "camunda-admin|POST|/engine-rest/process-instance/p1/modification|0",
      "camunda-admin|PUT|/camunda/api/engine/engine/default/task/1|0",
      // Nobody deploys outside the demo profile (administrators in the demo profile only).
      "camunda-admin|POST|/engine-rest/deployment/create|403",
      "camunda-admin|POST|/engine-rest/deployment/d1/redeploy|403",
      "sponsors|POST|/engine-rest/deployment/create|403",
      "camunda-admin|POST|/camunda/api/admin/setup/default/user/create|403"})
  void eachRoleCallsOnlyItsRoutes(String group, String method, String uri, int status) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    assertThat(EngineRoutes.decide(method, path, "someone", Set.of(group), false).status()).isEqualTo(status);
  }

  @ParameterizedTest(name = "anonymous {0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET|/camunda/api/engine/engine/|0",
      "GET|/camunda/api/tasklist/plugin/tasklistPlugins/static/app/plugin.js|0",
      "POST|/camunda/api/admin/auth/user/default/login/tasklist|0",
      "GET|/camunda/api/admin/auth/user/default|0",
      "GET|/camunda/api/engine/engine/default/user|401",
      "POST|/camunda/api/engine/engine/default/task/1/complete|401",
      "GET|/camunda/api/cockpit/plugin/base/default/process-definition|401",
      "POST|/camunda/api/admin/setup/default/user/create|403"})
  void beforeLoginOnlyAssetsLoginAndEngineNames(String method, String path, int status) {
    assertThat(EngineRoutes.decide(method, path, null, Set.of(), false).status()).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"camunda-admin|0", "sponsors|403"})
  void inTheDemoProfileAdministratorsMayDeploy(String group, int status) {
    assertThat(EngineRoutes.decide("POST", "/engine-rest/deployment/create", "x", Set.of(group), true).status())
        .isEqualTo(status);
  }

  @org.junit.jupiter.api.Test
  void readsAreDecidedWithoutLookingUpGroups() {
    java.util.function.Supplier<Set<String>> none = () -> {
      throw new AssertionError("groups looked up for a read");
    };
    assertThat(EngineRoutes.decide("GET", "/engine-rest/task", "u", none, false).allowed()).isTrue();
    assertThat(EngineRoutes.decide("GET", "/camunda/api/tasklist/plugin/x/static/a.js", "u", none, false).allowed())
        .isTrue();
  }
}
