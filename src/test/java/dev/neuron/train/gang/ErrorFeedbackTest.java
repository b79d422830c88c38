package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.train.StepResult;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bf16 wire's arithmetic, without Spark: the rounding, the tasks' error feedback (what is sent
 * adds up to the true gradients) and the driver's replica, which the tasks follow bit for bit.
 */
class ErrorFeedbackTest {

  /** Round to nearest bf16, ties to even, coded apart from {@link Bf16}: the nearer neighbour. */
  private static float nearest(float f) {
    int x = Float.floatToRawIntBits(f);
    float down = Float.intBitsToFloat(x & 0xffff0000);
    float up = Float.intBitsToFloat((x & 0xffff0000) + 0x10000);
    double dd = Math.abs((double) f - down);
    double du = Math.abs((double) up - f);
    if (dd != du) {
      return dd < du ? down : up;
    }
    return ((Float.floatToRawIntBits(down) >>> 16) & 1) == 0 ? down : up;
  }

  @Test
  void roundsToTheNearestBf16TiesToEven() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 100_000; i++) {
      float f = Float.intBitsToFloat(rnd.nextInt() & 0xbfffffff); // finite, any sign and size
      assertEquals(Float.floatToRawIntBits(nearest(f)), Float.floatToRawIntBits(Bf16.round(f)),
          "rounding " + f);
    }
    assertEquals(1f, Bf16.round(1f + 0x1p-8f), "a tie goes to the even neighbour");
    assertEquals(1f + 0x1p-6f, Bf16.round(1f + 0x1p-6f + 0x1p-8f), "and up when that is even");
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Bf16.round(-0f)));
    assertEquals(Float.POSITIVE_INFINITY, Bf16.round(Float.POSITIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, Bf16.round(Float.MAX_VALUE), "above bf16's largest");
    assertTrue(Float.isNaN(Bf16.round(Float.intBitsToFloat(0x7f800001))), "NaN stays NaN");
    assertEquals(1e-38f, Bf16.round(1e-38f), 1e-38f * 0x1p-8f, "float32's range, not fp16's");
  }

  /**
   * Over 300 steps of gradients spanning six orders of magnitude, the sum sent plus what is left
   * in the residual equals the sum of the true gradients but for the float32 rounding of each
   * {@code g + e}, which the test bounds step by step; a flush leaves nothing behind. Plain
   * rounding, for contrast, loses far more.
   */
  @Test
  void errorFeedbackLosesNothingOverTheSteps() {
    int n = 1000;
    int steps = 300;
    SplittableRandom rnd = new SplittableRandom(2);
    ErrorFeedback fb = new ErrorFeedback(n);
    double[] trueSum = new double[n];
    double[] sentSum = new double[n];
    double[] plainSum = new double[n];
    double[] bound = new double[n];
    float[] e = new float[n];
    for (int t = 0; t < steps; t++) {
      boolean flush = t == steps - 1;
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = (float) (rnd.nextGaussian() * Math.pow(10, -3 + 6 * (i % 7) / 6.0) + 0.01);
        trueSum[i] += g[i];
        plainSum[i] += Bf16.round(g[i]);
        float a = g[i] + e[i];
        bound[i] += Math.ulp(a) / 2;
      }
      float[] copy = g.clone();
      fb.feed(new StepResult(g, 0, 1, 1, 0), flush);
      for (int i = 0; i < n; i++) {
        float a = copy[i] + e[i];
        // Each step, exactly: what is sent plus the new residual is g + e rounded to float32.
        assertEquals((double) a, (double) g[i] + fb.residual()[i], 0, "step " + t + " at " + i);
        if (!flush) {
          assertEquals(Bf16.round(g[i]), g[i], "a bf16 value goes");
        }
        sentSum[i] += g[i];
        e[i] = fb.residual()[i];
      }
    }
    double plainLoss = 0;
    double feedbackLoss = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(0f, fb.residual()[i], "the flush empties the residual");
      assertEquals(trueSum[i], sentSum[i], bound[i], "sum sent at " + i);
      feedbackLoss += Math.abs(sentSum[i] - trueSum[i]);
      plainLoss += Math.abs(plainSum[i] - trueSum[i]);
    }
    assertTrue(plainLoss > 50 * feedbackLoss, "plain rounding loses " + plainLoss
        + ", error feedback " + feedbackLoss);
  }

  @Test
  void aBlockWithoutGradientIsNotSentAndKeepsItsResidual() {
    int n = 2 * Body.BLOCK;
    ErrorFeedback fb = new ErrorFeedback(n);
    float[] g = new float[n];
    java.util.Arrays.fill(g, 1.001f);
    fb.feed(new StepResult(g, 0, 1, 1, 0), false);
    float[] kept = fb.residual().clone();
    float[] next = new float[n];
    java.util.Arrays.fill(next, Body.BLOCK, n, 2.002f);
    fb.feed(new StepResult(next, 0, 1, 1, 0), false);
    for (int i = 0; i < Body.BLOCK; i++) {
      assertEquals(0f, next[i], "an all-zero block stays zero (left out of the body)");
      assertEquals(kept[i], fb.residual()[i], "and keeps its residual");
    }
    assertEquals(Bf16.round(2.002f + kept[n - 1]), next[n - 1]);
  }

  @Test
  void aStepWithoutExamplesKeepsTheResidualButAFlushEmptiesIt() {
    ErrorFeedback fb = new ErrorFeedback(3);
    fb.feed(new StepResult(new float[] {1.001f, 0f, -3.3333f}, 0, 1, 1, 0), false);
    float[] kept = fb.residual().clone();
    assertTrue(kept[0] != 0f && kept[2] != 0f);
    fb.feed(StepResult.empty(), false);
    assertArrayEquals(kept, fb.residual());
    fb.feed(StepResult.empty(), true);
    assertArrayEquals(new float[3], fb.residual());
  }

  /**
   * The driver sends each step's change to its replica; a task applying the messages holds the
   * driver's replica bit for bit, which stays within half a bf16 unit of the changes from the
   * driver's float32 weights. A member that joins mid-window gets the window again first (replays)
   * and ends with the same replica.
   */
  @Test
  void tasksFollowTheDriversReplicaAndALateMemberCatchesUp() {
    int n = 200;
    HalfWire wire = new HalfWire(n, 4, 10);
    EmbeddedChannel early = new EmbeddedChannel();
    EmbeddedChannel late = new EmbeddedChannel();
    Peer a = new Peer.Local(early);
    Peer b = new Peer.Local(late);
    ErrorFeedback ta = new ErrorFeedback(n);
    ErrorFeedback tb = new ErrorFeedback(n);
    SplittableRandom rnd = new SplittableRandom(3);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    int[] kinds = new int[10];
    float[] previous = w.clone();
    for (int step = 0; step < 10; step++) {
      for (int i = 0; i < n; i++) {
        w[i] -= (float) (1e-3 * rnd.nextGaussian());
      }
      wire.begin(w, 0, step);
      assertTrue(wire.send(a));
      if (step >= 6) {
        assertTrue(wire.send(b));
      }
      Frames.Step s = early.readOutbound();
      kinds[step] = s.kind();
      float[] ra = ta.weights(s);
      if (step >= 6) {
        int replays = 0;
        for (Frames.Step m = late.readOutbound(); m != null; m = late.readOutbound()) {
          tb.weights(m);
          replays += m.has(Frames.REPLAY) ? 1 : 0;
        }
        assertEquals(step == 6 ? 2 : 0, replays, "step " + step + ": window [4, 8) so far");
        assertArrayEquals(ra, tb.weights(new Frames.Step(0, step, Frames.DELTA, new float[n])),
            "step " + step);
      }
      for (int i = 0; i < n; i++) {
        // The change w − r was rounded to bf16 (8 significant bits), the rest is float32's.
        double before = (double) w[i] - previous[i];
        assertEquals(w[i], ra[i], Math.abs(before) * 0x1p-8 + 2 * Math.ulp(w[i]),
            "replica within the rounding of the change at " + i);
      }
      previous = ra.clone();
      wire.end();
    }
    assertArrayEquals(new int[] {Frames.FULL, Frames.DELTA, Frames.DELTA,
        Frames.DELTA | Frames.FLUSH, Frames.FULL, Frames.DELTA, Frames.DELTA,
        Frames.DELTA | Frames.FLUSH, Frames.FULL, Frames.DELTA | Frames.FLUSH}, kinds,
        "windows of 4 steps, the epoch's last step flushing too");
    assertTrue(!wire.send(a), "a member asked twice for one step");
  }
}
