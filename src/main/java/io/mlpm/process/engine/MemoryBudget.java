package io.mlpm.process.engine;

import java.util.concurrent.Semaphore;

/**
 * The heap the running long steps may hold together, in megabytes handed out first come, first
 * served: a large step waits its turn, and smaller ones that came after it wait behind it instead
 * of starving it.
 */
final class MemoryBudget {

  private static final long MB = 1024L * 1024;
  private final int totalMb;
  private final Semaphore megabytes;

  MemoryBudget(long bytes) {
    this.totalMb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / MB));
    this.megabytes = new Semaphore(totalMb, true);
  }

  long totalBytes() {
    return totalMb * MB;
  }

  boolean fits(long bytes) {
    return bytes <= totalBytes();
  }

  /** Blocks until the step's estimate is free; returns the megabytes to give back. */
  int acquire(long bytes) throws InterruptedException {
    int mb = (int) Math.max(1, Math.min(totalMb, (bytes + MB - 1) / MB));
    megabytes.acquire(mb);
    return mb;
  }

  void release(int mb) {
    megabytes.release(mb);
  }

  int freeMb() {
    return megabytes.availablePermits();
  }
}
