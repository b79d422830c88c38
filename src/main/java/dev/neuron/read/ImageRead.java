package dev.neuron.read;

import java.io.Serializable;

/**
 * What a task needs to read image files for a model: the model's input as an image, its class
 * count, the divisor of the samples, and what to do with other sizes, invalid files and missing
 * labels.
 */
record ImageRead(ImageShape shape, int classes, float scale, ReadSpec.Sizes sizes,
    ReadSpec.Invalid invalid, ReadSpec.Labels labels) implements Serializable {}
