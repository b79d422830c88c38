package dev.neuron.train.gang;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the gang's tasks to keep waiting (WAIT) while the driver works between steps: a checkpoint
 * written to a slow store, a listener, an epoch's end. Without it a task could not tell a busy
 * driver from a lost one, and its silence timeout would end a healthy run. Sent every quarter of
 * the timeout once no step has started for that long; never during a step, whose STEP message is
 * itself the sign of life.
 */
final class Heartbeat implements AutoCloseable {
  private final Peer[] members;
  private final long periodNanos;
  private final ScheduledExecutorService timer;
  private volatile boolean inStep;
  private volatile long lastStep = System.nanoTime();

  /** Watches {@code members}, which the driver loop keeps current (a racy read only delays one). */
  Heartbeat(Peer[] members, long timeoutMillis) {
    this.members = members;
    long period = Math.max(50, timeoutMillis / 4);
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(period);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "neuron-gang-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  void stepStarts() {
    inStep = true;
  }

  void stepEnds() {
    lastStep = System.nanoTime();
    inStep = false;
  }

  private void beat() {
    if (inStep || System.nanoTime() - lastStep < periodNanos) {
      return;
    }
    for (Peer m : members) {
      if (m != null && m.isActive()) {
        m.signal(Frames.WAIT);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
