package dev.neuron.read;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Decodes rows of Spark's image data source, {@code image: (origin, height, width, nChannels,
 * mode, data)}, into grey levels divided by the scale. Colour images (BGR or BGRA bytes) become
 * luma {@code 0.299 R + 0.587 G + 0.114 B}. The label is the parent folder's name when it is a whole
 * number ({@code …/7/img123.png} is class 7), else the image is unlabelled.
 */
final class ImageDecoder implements RowDecoder {
  private static final long serialVersionUID = 1L;
  private final int inputs;
  private final int side;
  private final int classes;
  private final float scale;
  private final ReadSpec.Sizes sizes;

  ImageDecoder(int inputs, int classes, float scale, ReadSpec.Sizes sizes) {
    this.inputs = inputs;
    int s = (int) Math.round(Math.sqrt(inputs));
    this.side = s * s == inputs ? s : -1;
    this.classes = classes;
    this.scale = scale;
    this.sizes = sizes;
  }

  @Override
  public int decode(InternalRow row, float[] x, int off) {
    InternalRow img = row.getStruct(0, 6);
    int h = img.getInt(1);
    int w = img.getInt(2);
    int channels = img.getInt(3);
    if (h <= 0 || w <= 0 || img.isNullAt(5)) {
      throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
          "not a readable image (corrupt, truncated or an unsupported format)");
    }
    byte[] data = img.getBinary(5);
    if (channels < 1 || data.length != h * w * channels) {
      throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image", "expected " + h + "×" + w + "×"
          + channels + " bytes of pixels, found " + data.length);
    }
    int label = label(img.getUTF8String(0).toString());
    if (h * w == inputs && (side < 0 || h == side)) {
      ImagePixels.grey(data, h * w, channels, scale, x, off);
    } else if (sizes == ReadSpec.Sizes.RESIZE && side > 0) {
      ImagePixels.resizeGrey(data, h, w, channels, side, side, scale, x, off);
    } else {
      throw new InvalidRecord(SkipReason.IMAGE_SIZE, "image", "expected "
          + (side > 0 ? side + "×" + side : inputs + " pixels") + " (the model's input), found "
          + h + "×" + w + (side > 0 ? "; pass --resize to resample" : ""));
    }
    return label;
  }

  private int label(String origin) {
    int slash = origin.lastIndexOf('/');
    int parent = slash <= 0 ? -1 : origin.lastIndexOf('/', slash - 1);
    if (slash <= 0) {
      return -1;
    }
    String folder = origin.substring(parent + 1, slash);
    if (folder.isEmpty() || folder.length() > 9 || !folder.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int c = Integer.parseInt(folder);
    if (c >= classes) {
      throw new InvalidRecord(SkipReason.LABEL_OUT_OF_RANGE, "label (folder)", "expected a class"
          + " in 0.." + (classes - 1) + " (the model's outputs), found folder " + folder);
    }
    return c;
  }

  @Override
  public String where(InternalRow row, long index) {
    return row.getStruct(0, 6).getUTF8String(0).toString();
  }

  @Override
  public String name(InternalRow row) {
    return where(row, -1);
  }
}
