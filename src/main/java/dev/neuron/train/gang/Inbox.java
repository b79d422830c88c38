package dev.neuron.train.gang;

import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;

/**
 * What a task's link has received, for the task's thread to take: a {@link Frames.Step}, or the
 * end of the steps (STOP). Waiting wakes every {@value #POLL_MILLIS} ms, so a task Spark kills
 * stops promptly, and fails once nothing has come for the silence timeout; the driver's WAIT,
 * sent while it works between steps, restarts that clock.
 */
final class Inbox {
  static final int POLL_MILLIS = 200;
  private static final Object STOP = new Object();
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

  void add(Frames.Step step) {
    queue.add(step);
  }

  /**
   * Takes the hub's control frame {@code message}, for either link: STOP ends the steps, WAIT
   * (the driver works between steps) restarts the silence clock. False for any other or malformed
   * frame, which the link treats as a broken connection.
   */
  boolean control(ByteBuffer message) {
    int type;
    try {
      type = Frames.type(message);
    } catch (IOException e) {
      return false;
    }
    switch (type) {
      case Frames.STOP -> queue.add(STOP);
      case Frames.WAIT -> queue.add(WAIT);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The connection is gone. */
  void closed() {
    queue.add(CLOSED);
  }

  /**
   * The next step, or {@code null} after STOP; fails when the peer has closed or been silent for
   * the timeout.
   */
  Frames.Step next() throws IOException {
    Object m = take();
    return m == STOP ? null : (Frames.Step) m;
  }

  private Object take() throws IOException {
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
