package dev.neuron.train.gang;

/**
 * bfloat16: the upper 16 bits of a float32 (sign, the same 8-bit exponent, 7 of the 23 mantissa
 * bits). A float rounds to it to nearest, ties to even, as hardware converts; the bf16 value is
 * then exactly a float32 with 16 zero low bits, so {@code a − round(a)} is exact in float32 and
 * what rounding drops can be kept and sent later (error feedback, {@link ErrorFeedback}). NaN stays
 * NaN (quieted), ±∞ stays ±∞; a finite value above bf16's largest (3.39e38) rounds to ∞.
 */
final class Bf16 {
  private Bf16() {}

  /** The bf16 bits of {@code f}, rounded to nearest even. */
  static short bits(float f) {
    int x = Float.floatToRawIntBits(f);
    if ((x & 0x7fffffff) > 0x7f800000) {
      return (short) ((x >>> 16) | 0x0040);
    }
    return (short) ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16);
  }

  /** {@code f} rounded to bf16, as a float. */
  static float round(float f) {
    return value(bits(f));
  }

  /** The float a bf16 is. */
  static float value(short bits) {
    return Float.intBitsToFloat(bits << 16);
  }
}
