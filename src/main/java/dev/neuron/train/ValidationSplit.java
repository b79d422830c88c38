package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.data.Renumber;
import dev.neuron.data.TrainingSet;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Holds out a fraction of a training set for validation (Keras' {@code validation_split}). Example
 * {@code i} goes to validation when {@code u(i) < fraction}, where {@code u(i) ∈ [0, 1)} is a hash
 * of {@code i} keyed by the {@link Seeds.Purpose#SPLIT} seed: the split depends on the seed alone,
 * not on the partitioning, and its size is {@code fraction·n} up to binomial noise (Keras takes
 * exactly the last {@code fraction} of the rows instead, which favours files sorted by class
 * less well).
 */
public final class ValidationSplit {
  private ValidationSplit() {}

  /** The training and the validation part, each cached and numbered from 0. */
  public record Parts(TrainingSet train, TrainingSet validation) {}

  public static Parts split(TrainingSet data, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation split must lie in (0, 1), found " + fraction);
    }
    long key = Seeds.derive(seed, Seeds.Purpose.SPLIT, 0);
    TrainingSet train;
    TrainingSet validation;
    try {
      train = Renumber.toTrainingSet(data.blocks().mapPartitions(
          new Take(key, fraction, false)), data.inputs(), data.outputs());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("validation split " + fraction + " of " + data.count()
          + " examples leaves no training example", e);
    }
    try {
      validation = Renumber.toTrainingSet(data.blocks().mapPartitions(
          new Take(key, fraction, true)), data.inputs(), data.outputs());
    } catch (IllegalArgumentException e) {
      train.release();
      throw new IllegalArgumentException("validation split " + fraction + " of " + data.count()
          + " examples selects no validation example", e);
    }
    return new Parts(train, validation);
  }

  /** Whether example {@code i} is held out, for the split key {@code key}. */
  static boolean held(long key, long i, double fraction) {
    long h = Seeds.mix(key ^ (i * 0x9e3779b97f4a7c15L));
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }

  private static final class Take
      implements FlatMapFunction<Iterator<ExampleBlock>, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final long key;
    private final double fraction;
    private final boolean validation;

    Take(long key, double fraction, boolean validation) {
      this.key = key;
      this.fraction = fraction;
      this.validation = validation;
    }

    @Override
    public Iterator<ExampleBlock> call(Iterator<ExampleBlock> it) {
      if (!it.hasNext()) {
        return Collections.emptyIterator();
      }
      ExampleBlock b = it.next();
      int rows = 0;
      for (int j = 0; j < b.rows(); j++) {
        if (held(key, b.start() + j, fraction) == validation) {
          rows++;
        }
      }
      int in = b.inputs();
      int out = b.outputs();
      float[] x = new float[rows * in];
      float[] y = new float[rows * out];
      float[] w = b.weights() == null ? null : new float[rows];
      int k = 0;
      for (int j = 0; j < b.rows(); j++) {
        if (held(key, b.start() + j, fraction) == validation) {
          System.arraycopy(b.x(), j * in, x, k * in, in);
          System.arraycopy(b.y(), j * out, y, k * out, out);
          if (w != null) {
            w[k] = b.weights()[j];
          }
          k++;
        }
      }
      return Collections.singletonList(new ExampleBlock(0, rows, in, out, x, y, w)).iterator();
    }
  }
}
