package io.mlpm.process.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.mlpm.project.OpenTasks;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** GET /api/projects/{key} answered 500 when a task was completed between listing it and reading its candidates. */
class EngineOpenTasksTest {

  @Test
  void aTaskCompletedWhileTheProjectIsReadIsLeftOutInsteadOfFailingTheRead() {
    TaskService tasks = mock(TaskService.class, RETURNS_DEEP_STUBS);
    Task done = task("t1", "approveCharter");
    Task open = task("t2", "approveDataset");
    when(tasks.createTaskQuery().processInstanceBusinessKey(anyString()).list()).thenReturn(List.of(done, open));
    when(tasks.getIdentityLinksForTask("t1")).thenThrow(new NullValueException("Cannot find task with id t1"));
    IdentityLink stewards = mock(IdentityLink.class);
    when(stewards.getType()).thenReturn(IdentityLinkType.CANDIDATE);
    when(stewards.getGroupId()).thenReturn("data-stewards");
    when(tasks.getIdentityLinksForTask("t2")).thenReturn(List.of(stewards));

    List<OpenTasks.OpenTask> found = new EngineOpenTasks(tasks).of("churn");

    assertThat(found).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo("t2");
      assertThat(t.candidates()).containsExactly("group:data-stewards");
    });
  }

  private static Task task(String id, String key) {
    Task t = mock(Task.class);
    when(t.getId()).thenReturn(id);
    when(t.getTaskDefinitionKey()).thenReturn(key);
    return t;
  }
}
