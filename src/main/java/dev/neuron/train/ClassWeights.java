package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Kernels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Class weights (Keras' {@code class_weight}): each training example's weight (its sample weight,
 * or 1) is multiplied by its class's weight, so the loss and gradient, weighted sums divided by
 * the batch's weight sum, count a class as often as its weight says. Either explicit, one
 * non-negative number per class, or {@code balanced} (scikit-learn's
 * {@code compute_class_weight}): {@code w_c = n / (k · count_c)}, with {@code n} the training
 * examples (after any validation split), {@code count_c} those of class {@code c} and {@code k}
 * the classes present (a class without examples gets 1, never used). The validation set keeps its
 * sample weights alone, as in Keras.
 *
 * @param explicit one weight per class, or {@code null} for {@code balanced}
 */
public record ClassWeights(float[] explicit) implements Serializable {
  /** {@code balanced}, or comma-separated weights; empty: {@code null} (no class weights). */
  public static ClassWeights parse(String spec) {
    String s = spec.trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.toLowerCase(Locale.ROOT).equals("balanced")) {
      return new ClassWeights(null);
    }
    String[] parts = s.split(",");
    float[] w = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        w[i] = Float.parseFloat(parts[i].trim());
      } catch (NumberFormatException e) {
        w[i] = Float.NaN;
      }
      if (!(w[i] >= 0 && w[i] < Float.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("class weights: expected 'balanced' or one finite"
            + " number of at least 0 per class, comma-separated; found '" + parts[i].trim()
            + "' at index " + i + " of '" + s + "'");
      }
    }
    return new ClassWeights(w);
  }

  /** Whether {@link #parse} accepts {@code spec} (a Spark ML param's validator). */
  public static boolean valid(String spec) {
    try {
      parse(spec);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The weight of each of {@code classes} classes for the examples of {@code data}. */
  public float[] resolve(TrainingSet data, int classes) {
    if (explicit != null) {
      if (explicit.length != classes) {
        throw new IllegalArgumentException("class weights: expected one per class (" + classes
            + "), found " + explicit.length);
      }
      return explicit.clone();
    }
    long[] counts = new long[classes];
    for (long[] c : data.blocks().mapPartitions(new Count(classes)).collect()) {
      for (int i = 0; i < classes; i++) {
        counts[i] += c[i];
      }
    }
    return balanced(counts);
  }

  /** {@code n / (k · count_c)} for the classes present, 1 for the others. */
  static float[] balanced(long[] counts) {
    long n = 0;
    int k = 0;
    for (long c : counts) {
      n += c;
      k += c > 0 ? 1 : 0;
    }
    float[] w = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      w[i] = counts[i] == 0 ? 1f : (float) ((double) n / ((double) k * counts[i]));
    }
    return w;
  }

  /**
   * {@code data} with each example's weight multiplied by its class's weight {@code w}, cached
   * (the caller releases {@code data}). The class of an example is its target's
   * ({@link Kernels#predictedClass}: the one-hot position, or a single output's 0/1).
   */
  public static TrainingSet apply(TrainingSet data, float[] w) {
    var blocks = data.blocks().mapPartitions(new Apply(w, data.outputs()), true);
    TrainingSet.persist(blocks);
    blocks.count();
    return new TrainingSet(blocks, data.count(), data.inputs(), data.outputs());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassWeights c && Arrays.equals(explicit, c.explicit);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(explicit);
  }

  @Override
  public String toString() {
    return explicit == null ? "balanced" : Arrays.toString(explicit);
  }

  private static final class Count implements FlatMapFunction<Iterator<ExampleBlock>, long[]> {
    private static final long serialVersionUID = 1L;
    private final int classes;

    Count(int classes) {
      this.classes = classes;
    }

    @Override
    public Iterator<long[]> call(Iterator<ExampleBlock> it) {
      long[] c = new long[classes];
      while (it.hasNext()) {
        ExampleBlock b = it.next();
        for (int j = 0; j < b.rows(); j++) {
          c[Kernels.predictedClass(b.y(), b.outputs(), j)]++;
        }
      }
      return Collections.singletonList(c).iterator();
    }
  }

  private static final class Apply
      implements FlatMapFunction<Iterator<ExampleBlock>, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final float[] w;
    private final int outputs;

    Apply(float[] w, int outputs) {
      this.w = w;
      this.outputs = outputs;
    }

    @Override
    public Iterator<ExampleBlock> call(Iterator<ExampleBlock> it) {
      List<ExampleBlock> out = new ArrayList<>(1);
      while (it.hasNext()) {
        ExampleBlock b = it.next();
        float[] weights = new float[b.rows()];
        for (int j = 0; j < b.rows(); j++) {
          float sample = b.weights() == null ? 1f : b.weights()[j];
          weights[j] = sample * w[Kernels.predictedClass(b.y(), outputs, j)];
        }
        out.add(new ExampleBlock(b.start(), b.rows(), b.inputs(), b.outputs(), b.x(), b.y(),
            weights));
      }
      return out.iterator();
    }
  }
}
