package io.mlpm.process.engine;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The in-app worker pool of the long steps ({@code mlpm.workers.*}, see application.yaml).
 *
 * @param threads steps worked at once at most, whatever their size
 * @param lockDuration how long a fetched task stays locked without news from its worker: the
 *     worker extends it every third of it while it works, so a dead node's task is taken up by
 *     another node after this long, and a live one's is never run twice
 * @param pollInterval how often an idle worker asks the engine for work
 * @param retries attempts after the first failure before the step gives up and a person is asked
 * @param retryDelay the wait before a failed step is tried again
 * @param memoryBudget heap the running steps may hold together (their estimates, see
 *     {@link io.mlpm.data.WorkingSet}); 0 means 60% of the maximum heap
 * @param workerId this node's name in the engine's locks; a random one by default
 */
@ConfigurationProperties(prefix = "mlpm.workers")
public record LongStepSettings(boolean enabled, int threads, Duration lockDuration, Duration pollInterval,
    int retries, Duration retryDelay, DataSize memoryBudget, String workerId) {

  public LongStepSettings {
    threads = threads <= 0 ? 3 : threads;
    lockDuration = lockDuration == null ? Duration.ofSeconds(30) : lockDuration;
    pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
    retries = Math.max(0, retries);
    retryDelay = retryDelay == null ? Duration.ofSeconds(10) : retryDelay;
    long budget = memoryBudget == null ? 0 : memoryBudget.toBytes();
    memoryBudget = DataSize.ofBytes(budget > 0 ? budget : Runtime.getRuntime().maxMemory() / 10 * 6);
    workerId = workerId == null || workerId.isBlank() ? "mlpm-" + UUID.randomUUID() : workerId;
  }
}
