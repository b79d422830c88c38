package dev.neuron.read;

import java.util.Arrays;
import java.util.Locale;

/**
 * The input layouts the scoring jobs read. Pixel scaling (features = value / scale) defaults per
 * layout: bytes and integers are pixels in 0..255 and are divided by 255; floating-point values are
 * taken as already scaled. See {@link ReadSpec#scaleFor}.
 */
public enum InputFormat {
  /** IDX image and label files (LeCun's MNIST layout), plain or gzip. */
  IDX,
  /** Parquet (or any Spark-readable table) with a label and a features column. */
  PARQUET,
  /** CSV lines {@code label,pixel0,…,pixelN}; a line whose first field is {@code label} is a header. */
  CSV,
  /** PNG/JPEG files at any depth; the label is the parent folder's name. */
  IMAGES;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InputFormat fromKey(String key) {
    for (InputFormat f : values()) {
      if (f.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("--format: expected one of "
        + Arrays.stream(values()).map(InputFormat::key).toList() + ", found '" + key + "'");
  }
}
