package dev.neuron.read;

import dev.neuron.data.DataException;
import java.io.Serializable;

/**
 * How to read labelled or unlabelled examples: the layout, the feature scale, what to do with
 * images of another size and with invalid records, and the column names of table inputs.
 *
 * <p>Features are {@code value / scale}. With {@code scale} unset (NaN) it is 255 for IDX, CSV and
 * images (pixel bytes or integers 0..255) and for integer feature arrays in Parquet, and 1 for
 * floating-point Parquet features (Spark ML vectors, {@code array<float|double>}), which are taken
 * as already scaled. Division, not multiplication by {@code 1/scale}, so every layout gives the
 * IDX reader's floats bit for bit.
 */
public record ReadSpec(InputFormat format, float scale, Sizes sizes, Invalid invalid,
    String labelColumn, String featuresColumn) implements Serializable {

  /** What the image reader does with an image whose size differs from the model's input. */
  public enum Sizes {
    /** The image is invalid ({@link SkipReason#IMAGE_SIZE}). */
    EXACT,
    /** The image is resampled to the model's input. */
    RESIZE,
    /**
     * As {@code RESIZE}, but a JPEG is first decoded at the smallest of the scales ½, ¼, ⅛ that
     * keeps it at least the model's input (libjpeg's reduced DCT, Pillow's {@code draft}; needs
     * TurboJPEG), then resampled: 224 → 28 is one decode at ⅛, each pixel its 8×8 block's mean.
     */
    RESIZE_DRAFT
  }

  /** What a reader does with a record it cannot use. */
  public enum Invalid {
    /** Fail the job with a {@code DataException} naming the file, record and field. */
    FAIL,
    /** Leave the record out and count it under its {@link SkipReason}. */
    SKIP
  }

  /** Whether the job needs a label on every record (evaluation) or takes records without. */
  public enum Labels {
    REQUIRED,
    OPTIONAL
  }

  /** What identifies a scored record in the predictions: its global row index or its file. */
  public enum Ids {
    ROW_INDEX,
    FILE_PATH
  }

  public ReadSpec {
    if (!Float.isNaN(scale) && !(scale > 0 && Float.isFinite(scale))) {
      throw new IllegalArgumentException("--scale: expected a positive number, found " + scale);
    }
  }

  /** Reference defaults: scale by layout, exact image sizes, fail on invalid records. */
  public static ReadSpec of(InputFormat format) {
    return new ReadSpec(format, Float.NaN, Sizes.EXACT, Invalid.FAIL, "label", "features");
  }

  public ReadSpec withScale(float s) {
    return new ReadSpec(format, s, sizes, invalid, labelColumn, featuresColumn);
  }

  public ReadSpec withSizes(Sizes s) {
    return new ReadSpec(format, scale, s, invalid, labelColumn, featuresColumn);
  }

  public ReadSpec withInvalid(Invalid p) {
    return new ReadSpec(format, scale, sizes, p, labelColumn, featuresColumn);
  }

  public ReadSpec withColumns(String label, String features) {
    return new ReadSpec(format, scale, sizes, invalid, label, features);
  }

  /** The divisor for values of this layout; {@code integral}: the stored values are integers. */
  public float scaleFor(boolean integral) {
    if (!Float.isNaN(scale)) {
      return scale;
    }
    return format == InputFormat.PARQUET && !integral ? 1f : 255f;
  }
}
