package dev.neuron.train.gang;

import dev.neuron.train.StepResult;

/**
 * A task's end of the bf16 wire ({@link WireFormat#BF16}): its replica of the weights and the
 * residual of its gradient, both float32 and laid out like the parameters.
 *
 * <p>The replica follows the driver's ({@link HalfWire}): a {@link Frames#FULL} step sets it, a
 * {@link Frames#DELTA} step adds the change {@code d} the driver added to its own
 * ({@code r ← r + d}, the same float32 addition), so the task computes with exactly the driver's
 * replica. Its gradient {@code g} then leaves with error feedback:
 *
 * <pre>
 *   a = g + e;   sent = bf16(a);   e ← a − sent      (the subtraction is exact in float32)
 *   FLUSH step:  sent = a (float32);  e ← 0
 * </pre>
 *
 * so over the steps the sum sent equals the sum of the true gradients, but for the float32
 * rounding of each {@code g + e}, and after a FLUSH step nothing is left behind. A block of
 * {@link Body#BLOCK} values whose gradient is all zero this step (an input feature absent from
 * the partition's examples) is not sent, as on the float32 wire, and keeps its residual until the
 * block is sent again or the window flushes: sending a leftover alone would add the bytes of that
 * block for a step or two after every change. The residual is
 * the partition's, not the executor's: a task that starts anew (a relaunch) rebuilds it from the
 * replayed steps ({@link Frames#REPLAY}), so the bits do not depend on where or how often a task
 * ran.
 */
final class ErrorFeedback {
  private final float[] replica;
  private final float[] residual;

  ErrorFeedback(int params) {
    this.replica = new float[params];
    this.residual = new float[params];
  }

  /** Applies a step's weights message to the replica and returns the replica to compute with. */
  float[] weights(Frames.Step s) {
    float[] p = s.params();
    if (s.has(Frames.FULL)) {
      System.arraycopy(p, 0, replica, 0, replica.length);
    } else {
      for (int i = 0; i < replica.length; i++) {
        replica[i] += p[i];
      }
    }
    return replica;
  }

  /**
   * Turns {@code r}'s gradient, in place, into what is sent: rounded to bf16 with the residual
   * fed back, or on a {@code flush} the float32 sum of gradient and residual. A result without a
   * gradient (no examples of this partition in the step) leaves the residual as it is, but for a
   * flush, which empties it all the same: what it held is dropped (at most half a bf16 unit of the
   * last values sent, per parameter), so that every window starts from an empty residual, as a
   * relaunched task's replay assumes. With a partition's share of a batch in the tens of
   * examples, that happens at most in tiny partitions.
   */
  void feed(StepResult r, boolean flush) {
    float[] g = r.gradient();
    if (g == null) {
      if (flush) {
        java.util.Arrays.fill(residual, 0f);
      }
      return;
    }
    float[] e = residual;
    if (flush) {
      for (int i = 0; i < g.length; i++) {
        g[i] += e[i];
        e[i] = 0f;
      }
      return;
    }
    for (int from = 0; from < g.length; from += Body.BLOCK) {
      int to = Math.min(g.length, from + Body.BLOCK);
      if (Body.zeroBlock(g, from, to)) {
        continue;
      }
      for (int i = from; i < to; i++) {
        float a = g[i] + e[i];
        float q = Bf16.round(a);
        e[i] = a - q;
        g[i] = q;
      }
    }
  }

  /** The residual (for tests). */
  float[] residual() {
    return residual;
  }
}
