package dev.neuron.read;

import java.io.Serializable;

/**
 * What a task needs to read image files for a model: the model's input as an image, its class
 * count, the divisor of the samples, what to do with other sizes, invalid files and missing
 * labels, and on the local file system the real path of the folder listed ({@code root}; null:
 * none, and no symbolic link is followed), inside which a linked file must lie.
 */
record ImageRead(ImageShape shape, int classes, float scale, ReadSpec.Sizes sizes,
    ReadSpec.Invalid invalid, ReadSpec.Labels labels, String root) implements Serializable {

  ImageRead(ImageShape shape, int classes, float scale, ReadSpec.Sizes sizes,
      ReadSpec.Invalid invalid, ReadSpec.Labels labels) {
    this(shape, classes, scale, sizes, invalid, labels, null);
  }

  ImageRead withRoot(String realRoot) {
    return new ImageRead(shape, classes, scale, sizes, invalid, labels, realRoot);
  }
}
