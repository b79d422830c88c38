package dev.neuron.train.gang;

/**
 * How the gang's weights and gradients travel ({@link GangSetting#WIRE}): {@code f32}, the
 * default, as float32; {@code bf16}, at half the bytes, as bfloat16 with error feedback both ways
 * ({@link HalfWire} on the driver, {@link ErrorFeedback} in each task).
 *
 * <p>Why bfloat16 rather than IEEE fp16: bf16 keeps float32's 8-bit exponent, so every gradient
 * and weight change in float32's range stays in range: nothing overflows to ∞ or flushes to zero,
 * and no loss scaling is needed (fp16's smallest normal is 6.1e-5, its largest 65504; the small
 * gradients of a late epoch fall below the first, a diverging step's above the second). fp16's
 * three more mantissa bits (11 against 8) matter little here, because what rounding drops is not
 * lost but fed back into the next step's values.
 */
enum WireFormat {
  F32,
  BF16
}
