package dev.neuron.train.gang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * A float vector as a stream body: the vector cut into blocks of {@link #BLOCK} floats, a bitmap
 * with one bit per block (bit {@code b} is bit {@code b % 8} of byte {@code b / 8}, padded to whole
 * 4-byte words), then the floats of the blocks whose bit is set, in order. A weight vector goes as
 * the blocks that changed since the last body its receiver applied, a gradient as the blocks that
 * are not all +0: an input feature that is zero throughout a task's minibatch (an image's
 * background, an unused one-hot or count feature) zeroes a whole column of its layer's weight
 * gradient, so that column's weights do not change either where the optimizer leaves a zero
 * gradient alone (SGD, RMSprop). The receiver keeps a weight block it is not sent and zeroes a
 * gradient block ({@link BodySink}), so both ends hold the bits a dense body would give them.
 *
 * <p>With {@code spark.neuron.gang.wire=bf16} ({@link WireFormat}) a body may carry its values
 * as bfloat16, two bytes each ({@link Bf16}; the sender has rounded them, so nothing is rounded
 * here); the message's meta says which ({@link Frames}).
 *
 * <p>One direct buffer, allocated with the body and reused: the one copy between an array and the
 * socket.
 */
final class Body {
  static final int BLOCK = 64;
  /**
   * The most floats a body carries: one buffer holds at most 2 GiB, and every 1,024 floats take
   * 4,096 bytes and 16 bits of bitmap (rounded down to whole 1,024s).
   */
  static final int MAX_FLOATS = Integer.MAX_VALUE / 4 / 1025 * 1024;
  private static final float[] ZEROS = new float[BLOCK];
  private final int n;
  private final int head;
  private final ByteBuffer bytes;
  private final FloatBuffer floats;
  private final ShortBuffer shorts;

  /** A body for vectors of {@code n} floats. */
  Body(int n) {
    this.n = n;
    this.head = bitmapBytes(n);
    this.bytes = ByteBuffer.allocateDirect(head + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
    this.floats = bytes.duplicate().position(head).slice().order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer();
    this.shorts = bytes.duplicate().position(head).slice().order(ByteOrder.LITTLE_ENDIAN)
        .asShortBuffer();
  }

  /** Whether block {@code [from, to)} of {@code a} is all +0, as a gradient body leaves out. */
  static boolean zeroBlock(float[] a, int from, int to) {
    return Arrays.equals(a, from, to, ZEROS, 0, to - from);
  }

  static int blocks(int n) {
    return (n + BLOCK - 1) / BLOCK;
  }

  static int bitmapBytes(int n) {
    return 4 * ((blocks(n) + 31) / 32);
  }

  /** Every block of {@code src}, ready to send. */
  ByteBuffer all(float[] src) {
    return encode(src, null, false, false);
  }

  /** The blocks of {@code src} with any bit set (so −0 and NaN go), ready to send. */
  ByteBuffer nonZero(float[] src) {
    return encode(src, ZEROS, false, false);
  }

  /**
   * {@link #nonZero} with each value's upper 16 bits alone: its bfloat16, exact when the sender
   * has rounded {@code src} to bf16 ({@link Bf16#round}).
   */
  ByteBuffer nonZeroHalf(float[] src) {
    return encode(src, ZEROS, false, true);
  }

  /**
   * The blocks of {@code src} that differ from {@code last}, which is brought up to date, ready to
   * send. Compared as {@link Arrays#equals(float[], int, int, float[], int, int)} does (vectorized),
   * which takes any two NaNs as equal: the trainer stops a run before a weight is NaN.
   */
  ByteBuffer changed(float[] src, float[] last) {
    return encode(src, last, true, false);
  }

  /**
   * Sends block {@code b} of {@code src} unless it equals {@code skip} (its block {@code b} when
   * {@code aligned}, else its start): {@code null} sends every block. {@code half}: two bytes a
   * value, its upper half.
   */
  private ByteBuffer encode(float[] src, float[] skip, boolean aligned, boolean half) {
    if (src.length != n) {
      throw new IllegalArgumentException(src.length + " floats for a body of " + n);
    }
    for (int w = 0; w < head; w += 4) {
      bytes.putInt(w, 0);
    }
    floats.clear();
    shorts.clear();
    for (int b = 0, from = 0; from < n; b++, from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      int at = aligned ? from : 0;
      if (skip != null && Arrays.equals(src, from, from + len, skip, at, at + len)) {
        continue;
      }
      if (aligned) {
        System.arraycopy(src, from, skip, from, len);
      }
      int word = 4 * (b >>> 5);
      bytes.putInt(word, bytes.getInt(word) | 1 << (b & 31));
      if (half) {
        for (int i = from; i < from + len; i++) {
          shorts.put((short) (Float.floatToRawIntBits(src[i]) >>> 16));
        }
      } else {
        floats.put(src, from, len);
      }
    }
    return bytes.limit(head + (half ? 2 * shorts.position() : 4 * floats.position()))
        .position(0);
  }
}
