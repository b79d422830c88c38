package dev.neuron.train.gang;

import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;

/**
 * What a task's link has received, for the task's thread to take: a {@link Frames.Step}, or
 * {@link #STOP}. Waiting wakes every {@value #POLL_MILLIS} ms, so a task Spark kills stops
 * promptly, and fails once nothing has come for the silence timeout; the driver's WAIT, sent while
 * it works between steps, restarts that clock.
 */
final class Inbox {
  static final int POLL_MILLIS = 200;
  static final Object STOP = new Object();
  private static final Object WAIT = new Object();
  private static final Object CLOSED = new Object();
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final BarrierTaskContext ctx;
  private final long timeoutMillis;
  private final String from;

  Inbox(BarrierTaskContext ctx, long timeoutMillis, String from) {
    this.ctx = ctx;
    this.timeoutMillis = timeoutMillis;
    this.from = from;
  }

  void add(Object message) {
    queue.add(message);
  }

  /** The peer asked for patience: restarts the silence clock. */
  void keepWaiting() {
    queue.add(WAIT);
  }

  /** The connection is gone. */
  void closed() {
    queue.add(CLOSED);
  }

  /** The next message; fails when the peer has closed or been silent for the timeout. */
  Object take() throws IOException {
    long silentSince = System.nanoTime();
    while (true) {
      Object m;
      try {
        m = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        ctx.killTaskIfInterrupted();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + from);
      }
      if (m == CLOSED) {
        queue.add(CLOSED);
        throw new EOFException(from + " closed the gang channel");
      }
      if (m == WAIT) {
        silentSince = System.nanoTime();
      } else if (m != null) {
        return m;
      } else {
        stillWaiting(ctx, silentSince, timeoutMillis, from + " sent nothing");
      }
    }
  }

  /** Releases what was never taken. */
  void clear() {
    queue.forEach(ReferenceCountUtil::release);
    queue.clear();
  }

  /**
   * Between two polls that brought nothing: ends the task if Spark killed it, and fails with
   * "{@code silence} for N ms" once nothing has come since {@code silentSince} for the timeout.
   */
  static void stillWaiting(BarrierTaskContext ctx, long silentSince, long timeoutMillis,
      String silence) throws IOException {
    ctx.killTaskIfInterrupted();
    if (System.nanoTime() - silentSince > timeoutMillis * 1_000_000L) {
      throw new IOException(silence + " for " + timeoutMillis + " ms");
    }
  }
}
