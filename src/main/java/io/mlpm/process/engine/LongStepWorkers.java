package io.mlpm.process.engine;

import io.mlpm.data.WorkingSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The in-app worker pool of the long steps: fetches and locks their external tasks through the
 * engine's API with a short lock, extends the lock every third of it while a step works (Camunda
 * never extends a job's lock, so a long job would run twice on another node, or a dead node's job
 * wait as long as its lock), admits steps by their estimated working set against a memory budget,
 * and reports failures with retries; after the last one, or when a step cannot fit the budget at
 * all, the step gives up to a person ({@link LongStep#giveUp}). A node that dies leaves its locks
 * to expire, and another node's pool takes the tasks up. Free threads are shared out among the
 * projects with waiting steps, and one project never holds all of them ({@link #fetchFairly}).
 */
@Component
public class LongStepWorkers implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(LongStepWorkers.class);
  private static final int REPORT_ATTEMPTS = 20;
  /** Waiting steps looked at per topic to share the free threads out (the oldest first). */
  private static final int WAITING_LOOKED_AT = 200;

  private final ExternalTaskService tasks;
  private final Map<String, LongStep> steps;
  private final LongStepSettings settings;
  private final MemoryBudget budget;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService scheduler;
  private volatile ExecutorService pool;

  /** A task this node has locked, and whether the lock was lost (expired, or the task is gone). */
  private record Held(LockedExternalTask task, AtomicBoolean lost) {}

  public LongStepWorkers(ExternalTaskService tasks, List<LongStep> steps, LongStepSettings settings) {
    this.tasks = tasks;
    this.steps = steps.stream().collect(Collectors.toUnmodifiableMap(LongStep::topic, Function.identity()));
    this.settings = settings;
    this.budget = new MemoryBudget(settings.memoryBudget().toBytes());
  }

  @Override
  public void start() {
    if (!settings.enabled() || scheduler != null) {
      return;
    }
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "mlpm-step-" + n.incrementAndGet()));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mlpm-step-locks"));
    long poll = settings.pollInterval().toMillis();
    long extend = Math.max(1, settings.lockDuration().toMillis() / 3);
    scheduler.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(this::extendLocks, extend, extend, TimeUnit.MILLISECONDS);
    LOG.info("Long steps {} are worked here by {} threads as '{}' within a memory budget of {}, lock {} s",
        steps.keySet(), settings.threads(), settings.workerId(), WorkingSet.describe(budget.totalBytes()),
        settings.lockDuration().toSeconds());
  }

  @Override
  public void stop() {
    ScheduledExecutorService s = scheduler;
    ExecutorService p = pool;
    scheduler = null;
    pool = null;
    if (s != null) {
      s.shutdownNow();
      // Steps still running report nothing and keep their locks until they expire; another node
      // (or this one after a restart) then takes them up, as after a crash.
      held.values().forEach(h -> h.lost().set(true));
      p.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }

  /** After the engine and the web server: steps start once everything they call is up. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000;
  }

  /**
   * Fetches what is there now and works it on the calling thread, one task after the other (for
   * tests that drive the process step by step); returns how many tasks were worked.
   */
  public int workAvailable() {
    List<LockedExternalTask> fetched = fetch(settings.threads());
    fetched.forEach(this::work);
    return fetched.size();
  }

  private void poll() {
    try {
      ExecutorService p = pool;
      int free = settings.threads() - held.size();
      if (p == null || free <= 0) {
        return;
      }
      for (LockedExternalTask task : fetchFairly(free)) {
        p.execute(() -> {
          work(task);
          ScheduledExecutorService s = scheduler;
          if (s != null) {
            s.execute(this::poll); // a thread is free: look for more work now, not at the next tick
          }
        });
      }
    } catch (RuntimeException e) {
      // Nodes fetching at the same moment collide on the lock rows; the next poll tries again.
      LOG.debug("Fetching long steps failed: {}", e.toString());
    }
  }

  /**
   * Up to {@code free} waiting steps, shared out among the projects that have some: each free thread
   * goes to the project holding the fewest here (the one waiting longest among equals), and no
   * project holds more than {@link #perProjectCap()} threads, so that a project with many large
   * steps (a candidate per algorithm) leaves a thread to the small steps of the others (issue 14: one
   * project cannot take the others down). Steps run to their end: a thread is not taken back.
   */
  private List<LockedExternalTask> fetchFairly(int free) {
    Map<String, Integer> holding = new java.util.HashMap<>();
    held.values().forEach(h -> holding.merge(projectOf(h.task().getBusinessKey()), 1, Integer::sum));
    Map<String, Integer> waiting = new java.util.LinkedHashMap<>();
    List<org.camunda.bpm.engine.externaltask.ExternalTask> oldest = new java.util.ArrayList<>();
    for (String topic : steps.keySet()) {
      oldest.addAll(tasks.createExternalTaskQuery().topicName(topic).notLocked().active().withRetriesLeft()
          .orderByCreateTime().asc().listPage(0, WAITING_LOOKED_AT));
    }
    oldest.sort(java.util.Comparator.comparing(org.camunda.bpm.engine.externaltask.ExternalTask::getCreateTime,
        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    for (org.camunda.bpm.engine.externaltask.ExternalTask t : oldest) {
      waiting.merge(projectOf(t.getBusinessKey()), 1, Integer::sum);
    }
    List<LockedExternalTask> fetched = new java.util.ArrayList<>();
    int cap = perProjectCap();
    while (fetched.size() < free) {
      String next = null;
      for (Map.Entry<String, Integer> w : waiting.entrySet()) {
        int has = holding.getOrDefault(w.getKey(), 0);
        if (w.getValue() > 0 && has < cap && (next == null || has < holding.getOrDefault(next, 0))) {
          next = w.getKey();
        }
      }
      if (next == null) {
        break;
      }
      List<LockedExternalTask> one = fetch(1, next.isEmpty() ? null : next);
      if (one.isEmpty()) {
        waiting.put(next, 0); // taken by another node meanwhile
        continue;
      }
      String got = projectOf(one.get(0).getBusinessKey());
      if (next.isEmpty()) {
        // Steps without a project cannot be asked for by key: one per poll, and none for a project at its cap.
        waiting.put(next, 0);
        if (holding.getOrDefault(got, 0) >= cap) {
          held.remove(one.get(0).getId());
          tasks.unlock(one.get(0).getId());
          continue;
        }
      }
      holding.merge(got, 1, Integer::sum);
      waiting.computeIfPresent(got, (k, n) -> n - 1);
      fetched.addAll(one);
    }
    return fetched;
  }

  /** Threads one project may hold at once: all but one, so another project's step always finds one. */
  int perProjectCap() {
    return Math.max(1, settings.threads() - 1);
  }

  private static String projectOf(String businessKey) {
    return businessKey == null ? "" : businessKey;
  }

  private List<LockedExternalTask> fetch(int max) {
    return fetch(max, null);
  }

  /** @param businessKey only this project's steps; null: any */
  private List<LockedExternalTask> fetch(int max, String businessKey) {
    ExternalTaskQueryBuilder query = tasks.fetchAndLock(max, settings.workerId(), true);
    for (String topic : steps.keySet()) {
      query = businessKey == null ? query.topic(topic, settings.lockDuration().toMillis())
          : query.topic(topic, settings.lockDuration().toMillis()).businessKey(businessKey);
    }
    List<LockedExternalTask> fetched = query.execute();
    fetched.forEach(t -> held.put(t.getId(), new Held(t, new AtomicBoolean())));
    return fetched;
  }

  private void extendLocks() {
    for (Held h : held.values()) {
      if (h.lost().get()) {
        continue;
      }
      try {
        tasks.extendLock(h.task().getId(), settings.workerId(), settings.lockDuration().toMillis());
      } catch (RuntimeException e) {
        h.lost().set(true);
        LOG.warn("Project {}: step {} lost its lock ({}); its result will not be reported", h.task().getBusinessKey(),
            h.task().getTopicName(), e.getMessage());
      }
    }
  }

  private void work(LockedExternalTask task) {
    LongStep step = steps.get(task.getTopicName());
    StepScope scope = new StepScope(task.getBusinessKey(), task.getVariables());
    String project = task.getBusinessKey();
    try {
      long need = step.workingSet(scope);
      if (!budget.fits(need)) {
        giveUp(task, step, String.format("The step '%s' needs about %s of memory, more than the %s the long steps"
                + " of a node may hold together (mlpm.workers.memory-budget). Lower the rows a step holds"
                + " (mlpm.datasets.max-training-rows, max-validation-rows, max-evaluation-rows, distinct-rows)"
                + " or give the node more heap, then try again.", name(task), WorkingSet.describe(need),
            WorkingSet.describe(budget.totalBytes())));
        return;
      }
      if (budget.freeMb() * 1024L * 1024 < need) {
        LOG.info("Project {}: step {} waits for {} of the memory budget ({} MB free)", project, name(task),
            WorkingSet.describe(need), budget.freeMb());
      }
      int granted = budget.acquire(need);
      long started = System.nanoTime();
      try {
        LOG.info("Project {}: step {} started (attempt {}, about {} of memory)", project, name(task),
            attempt(task), WorkingSet.describe(need));
        step.work(scope);
      } finally {
        budget.release(granted);
      }
      LOG.info("Project {}: step {} finished in {} ms", project, name(task), (System.nanoTime() - started) / 1_000_000);
      report(task, () -> tasks.complete(task.getId(), settings.workerId(), scope.written()));
    } catch (BpmnError e) {
      report(task, () -> tasks.handleBpmnError(task.getId(), settings.workerId(), e.getErrorCode(), e.getMessage(),
          scope.written()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: the lock expires and another node takes the task
    } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
      // LinkageError: a native library that cannot load here (XGBoost without libgomp1) fails the step
      // with its reason instead of escaping the pool and leaving the task to be fetched forever.
      failed(task, step, e);
    } finally {
      held.remove(task.getId());
    }
  }

  private void failed(LockedExternalTask task, LongStep step, Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int left = task.getRetries() == null ? settings.retries() : task.getRetries() - 1;
    if (left > 0) {
      LOG.warn("Project {}: step {} failed (attempt {}), {} attempts left: {}", task.getBusinessKey(), name(task),
          attempt(task), left, message, e);
      report(task, () -> tasks.handleFailure(task.getId(), settings.workerId(), message, stackTrace(e), left,
          settings.retryDelay().toMillis()));
      return;
    }
    LOG.warn("Project {}: step {} failed on its last attempt ({}): {}", task.getBusinessKey(), name(task),
        attempt(task), message, e);
    giveUp(task, step, String.format("The step '%s' failed %s: %s", name(task),
        attempt(task) == 1 ? "once" : attempt(task) + " times", message));
  }

  /** Nothing of the failed attempt is kept: the step writes only what tells the person why. */
  private void giveUp(LockedExternalTask task, LongStep step, String reason) {
    StepScope scope = new StepScope(task.getBusinessKey(), task.getVariables());
    try {
      step.giveUp(scope, reason);
      report(task, () -> tasks.complete(task.getId(), settings.workerId(), scope.written()));
    } catch (BpmnError e) {
      report(task, () -> tasks.handleBpmnError(task.getId(), settings.workerId(), e.getErrorCode(), e.getMessage(),
          scope.written()));
    } catch (RuntimeException e) {
      // Not even the person could be told (the database is gone?): the last resort is an incident in Cockpit.
      LOG.error("Project {}: step {} could not give up to a person: {}", task.getBusinessKey(), name(task), reason, e);
      report(task, () -> tasks.handleFailure(task.getId(), settings.workerId(), reason, stackTrace(e), 0, 0));
    }
  }

  /** Reports to the engine unless the lock was lost; a task that is gone or taken over is only logged. */
  private void report(LockedExternalTask task, Runnable call) {
    Held h = held.get(task.getId());
    if (h != null && h.lost().get()) {
      LOG.warn("Project {}: step {} finished after losing its lock (or this node stopping); another worker takes"
          + " it up", task.getBusinessKey(), name(task));
      return;
    }
    // Candidates of one iteration finish side by side and their completions meet on the same
    // multi-instance execution: the engine refuses all but one (optimistic locking). The lock is
    // still ours, so the report is sent again; given up, the step would run again after its lock.
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        return;
      } catch (OptimisticLockingException e) {
        if (attempt == REPORT_ATTEMPTS) {
          LOG.warn("Project {}: step {} could not be reported after {} attempts ({}); it runs again after its lock",
              task.getBusinessKey(), name(task), attempt, e.getMessage());
          return;
        }
        pause(20L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextLong(50));
      } catch (RuntimeException e) {
        LOG.warn("Project {}: step {} could not be reported ({}); the process moved on or another worker has it",
            task.getBusinessKey(), name(task), e.getMessage());
        return;
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int attempt(LockedExternalTask task) {
    return task.getRetries() == null ? 1 : settings.retries() - task.getRetries() + 2;
  }

  private static String name(LockedExternalTask task) {
    return task.getActivityId();
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
