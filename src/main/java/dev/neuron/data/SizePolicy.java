package dev.neuron.data;

/** What the image reader does with an image whose size differs from the model's input. */
public enum SizePolicy {
  /** The image is invalid ({@link SkipReason#IMAGE_SIZE}). */
  EXACT,
  /** The image is resampled (bilinear) to the model's square input. */
  RESIZE
}
