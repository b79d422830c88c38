package dev.neuron.read;

/** Why a record was left out under {@link ReadSpec.Invalid#SKIP}; {@link #key()} names it in reports. */
public enum SkipReason {
  CORRUPT_IMAGE("corrupt_image"),
  /** Zero bytes, or neither a PNG nor a JPEG signature. */
  NOT_AN_IMAGE("not_an_image"),
  /** Over {@link ImageCodec#MAX_PIXELS} pixels declared, or over {@link ImageCodec#MAX_BYTES}. */
  IMAGE_TOO_LARGE("image_too_large"),
  IMAGE_SIZE("image_size"),
  ROW_WIDTH("row_width"),
  NOT_A_NUMBER("unparsable"),
  NOT_FINITE("not_finite"),
  LABEL_OUT_OF_RANGE("label_out_of_range"),
  MISSING_LABEL("missing_label"),
  /** A listed file that cannot be read: gone since the listing, or an I/O error. */
  UNREADABLE("unreadable");

  private final String key;

  SkipReason(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
