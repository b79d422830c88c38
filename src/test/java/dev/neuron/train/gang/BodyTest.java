package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The gang's float bodies: blocks under a bitmap, decoded wherever the socket's reads split them. */
class BodyTest {
  /** 3 whole blocks and a short one: the bitmap's padding and the last block's end both matter. */
  private static final int N = 3 * Body.BLOCK + 7;

  @Test
  void everyBlockDecodesToTheSameBitsWhereverTheReadsSplitIt() throws IOException {
    float[] src = values(1);
    src[5] = -0.0f;
    src[6] = Float.NaN;
    src[7] = Float.MIN_VALUE;
    src[N - 1] = 3.4e38f;
    ByteBuffer body = new Body(N).all(src);
    assertEquals(Body.bitmapBytes(N) + 4 * N, body.remaining());
    for (int piece : new int[] {1, 2, 3, 5, 7, 9, 64, 1000}) {
      for (boolean zeroAbsent : new boolean[] {false, true}) {
        float[] into = values(2);
        decode(body, piece, into, zeroAbsent);
        assertBits(src, into);
      }
    }
  }

  /** A gradient: blocks all +0 are not sent and become zeros, whatever the array held. */
  @Test
  void zeroBlocksOfAGradientAreLeftOutAndZeroed() throws IOException {
    float[] src = values(3);
    Arrays.fill(src, 0, Body.BLOCK, 0f);
    Arrays.fill(src, 2 * Body.BLOCK, N, 0f);
    src[2 * Body.BLOCK + 3] = -0.0f; // a block holding −0 is not all +0: it goes
    ByteBuffer body = new Body(N).nonZero(src);
    assertEquals(Body.bitmapBytes(N) + 4 * 2 * Body.BLOCK, body.remaining());
    for (int piece : new int[] {1, 3, 4, 13, 4096}) {
      float[] into = values(4);
      decode(body, piece, into, true);
      assertBits(src, into);
    }
    float[] zeros = new float[N];
    ByteBuffer none = new Body(N).nonZero(zeros);
    assertEquals(Body.bitmapBytes(N), none.remaining());
    float[] into = values(5);
    decode(none, 5, into, true);
    assertBits(zeros, into);
  }

  /** Weights: only the blocks that changed go; the receiver's other blocks are already right. */
  @Test
  void changedBlocksBringTheReceiverUpToDate() throws IOException {
    float[] before = values(6);
    float[] sent = before.clone();
    float[] receiver = before.clone();
    float[] after = before.clone();
    after[Body.BLOCK + 1] += 1f;
    after[N - 1] = -after[N - 1];
    ByteBuffer body = new Body(N).changed(after, sent);
    assertEquals(Body.bitmapBytes(N) + 4 * (Body.BLOCK + 7), body.remaining());
    assertBits(after, sent);
    decode(body, 11, receiver, false);
    assertBits(after, receiver);
    assertEquals(Body.bitmapBytes(N), new Body(N).changed(after, sent).remaining());
  }

  /**
   * Runs of consecutive blocks go as one copy each way: random patterns of runs and gaps (from
   * one block to many, at either end), read in pieces of every size, give the dense bits.
   */
  @Test
  void runsOfBlocksOfEveryLengthDecodeToTheDenseBits() throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 41 * Body.BLOCK + 13;
    for (int trial = 0; trial < 200; trial++) {
      float[] before = new float[n];
      for (int i = 0; i < n; i++) {
        before[i] = (float) rnd.nextGaussian();
      }
      float[] after = before.clone();
      float[] gradient = new float[n];
      double p = rnd.nextDouble();
      for (int b = 0; b * Body.BLOCK < n; b++) {
        if (rnd.nextDouble() < p) {
          int i = Math.min(n - 1, b * Body.BLOCK + rnd.nextInt(Body.BLOCK));
          after[i] += 1f;
          gradient[i] = (float) rnd.nextGaussian();
        }
      }
      int piece = 1 + rnd.nextInt(trial % 2 == 0 ? 9 : 5000);
      float[] sent = before.clone();
      float[] receiver = before.clone();
      decode(new Body(n).changed(after, sent), piece, receiver, false);
      assertBits(after, sent);
      assertBits(after, receiver);
      float[] into = after.clone();
      decode(new Body(n).nonZero(gradient), piece, into, true);
      assertBits(gradient, into);
    }
  }

  @Test
  void aBodyOfTheWrongLengthOrBitmapIsRefused() throws IOException {
    ByteBuffer body = new Body(N).all(values(7));
    BodySink shorter = new BodySink();
    shorter.start(new float[N], false);
    shorter.accept(body.duplicate().limit(body.limit() - 2));
    assertThrows(IOException.class, shorter::finish);

    BodySink longer = new BodySink();
    longer.start(new float[N], false);
    longer.accept(body.duplicate());
    longer.finish();
    longer.start(new float[N], false);
    ByteBuffer extra = ByteBuffer.allocate(body.remaining() + 4).put(body.duplicate()).putInt(0).flip();
    assertThrows(IOException.class, () -> longer.accept(extra));

    ByteBuffer stray = ByteBuffer.allocate(Body.bitmapBytes(N));
    stray.put(0, (byte) (1 << 4)); // block 4 of 4 blocks: a padding bit
    BodySink sink = new BodySink();
    sink.start(new float[N], false);
    assertThrows(IOException.class, () -> sink.accept(stray));
  }

  /** One body is one buffer: a network past 2 GiB is refused with a reason, not overflowed. */
  @Test
  void aNetworkTooLargeForOneBodyIsRefusedClearly() {
    assertTrue(Body.bitmapBytes(Body.MAX_FLOATS) + 4L * Body.MAX_FLOATS <= Integer.MAX_VALUE);
    Frames.checkBody(Body.MAX_FLOATS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Frames.checkBody(Body.MAX_FLOATS + 1));
    assertEquals("gang mode over TCP carries at most 536346624 parameters per message (a 2 GiB"
        + " buffer); this network has 536346625: use train.mode=jobs", e.getMessage());
  }

  /**
   * The bf16 wire's bodies: two bytes a value, zero blocks left out, decoded to the very floats
   * (bf16 values) wherever the reads split them, a value's two bytes included.
   */
  @Test
  void halfBodiesCarryBf16ValuesInTwoBytes() throws IOException {
    float[] src = values(6);
    for (int i = 0; i < N; i++) {
      src[i] = Bf16.round(src[i]);
    }
    Arrays.fill(src, Body.BLOCK, 2 * Body.BLOCK, 0f);
    src[3] = -0.0f;
    src[N - 1] = Float.NEGATIVE_INFINITY;
    ByteBuffer body = new Body(N).nonZeroHalf(src);
    assertEquals(Body.bitmapBytes(N) + 2 * (N - Body.BLOCK), body.remaining());
    for (int piece : new int[] {1, 2, 3, 5, 64, 4096}) {
      float[] into = values(7);
      BodySink sink = new BodySink();
      sink.start(into, true, true);
      for (int at = 0; at < body.limit(); at += piece) {
        sink.accept(body.duplicate().position(at).limit(Math.min(body.limit(), at + piece)));
      }
      sink.finish();
      assertBits(src, into);
    }
  }

  private static void decode(ByteBuffer body, int piece, float[] into, boolean zeroAbsent)
      throws IOException {
    BodySink sink = new BodySink();
    sink.start(into, zeroAbsent);
    for (int at = 0; at < body.limit(); at += piece) {
      sink.accept(body.duplicate().position(at).limit(Math.min(body.limit(), at + piece)));
    }
    sink.finish();
  }

  private static float[] values(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[N];
    for (int i = 0; i < N; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static void assertBits(float[] expected, float[] actual) {
    int[] e = new int[expected.length];
    int[] a = new int[actual.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Float.floatToRawIntBits(expected[i]);
      a[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(e, a);
  }
}
