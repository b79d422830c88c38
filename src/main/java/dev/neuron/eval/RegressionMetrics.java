package dev.neuron.eval;

import java.io.Serializable;

/**
 * A mergeable summary of a regression network's errors over scored examples: the summed loss and,
 * per output {@code j}, the sums of squared and absolute errors and the targets' mean and sum of
 * squared deviations (Chan et al.'s pairwise update, so R²'s denominator does not cancel
 * catastrophically when the targets sit far from zero).
 *
 * <pre>
 *   mse_j = Σ (y − t)² / n     rmse_j = √mse_j     mae_j = Σ |y − t| / n
 *   r2_j  = 1 − Σ (y − t)² / Σ (t − t̄)²
 * </pre>
 *
 * The averages over outputs ({@link #mse()}, {@link #rmse()}, {@link #mae()}, {@link #r2()}) are
 * plain means of the per-output figures (scikit-learn's {@code uniform_average}). Merging in a
 * fixed order (partition order) gives the same bits whatever the cluster.
 *
 * <p>Examples scored with a weight also go into {@link #weighted()}, the same summary with every
 * sum weighted: {@code n} becomes {@code Σ w}, each error term is multiplied by {@code w}, and
 * {@code t̄} and {@code Σ (t − t̄)²} are the weighted mean and weighted sum of squares (West's
 * weighted form of the same update), as scikit-learn's metrics with {@code sample_weight}. Each
 * example counts with weight 1 in this summary, which keeps the unweighted figures.
 */
public final class RegressionMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int outputs;
  private long count;
  private double weight;
  private double lossSum;
  private final double[] squared;
  private final double[] absolute;
  private final double[] mean;
  private final double[] m2;
  private RegressionMetrics weighted;

  public RegressionMetrics(int outputs) {
    this.outputs = outputs;
    this.squared = new double[outputs];
    this.absolute = new double[outputs];
    this.mean = new double[outputs];
    this.m2 = new double[outputs];
  }

  /** Adds one example: outputs {@code y[off…]}, targets {@code t[off…]}, its loss. */
  void add(float[] y, float[] t, int off, double loss) {
    put(y, t, off, loss, 1);
  }

  /** Adds one example of weight {@code w}: here with weight 1, to {@link #weighted()} with w. */
  void add(float[] y, float[] t, int off, double loss, float w) {
    put(y, t, off, loss, 1);
    if (weighted == null) {
      weighted = new RegressionMetrics(outputs);
    }
    weighted.put(y, t, off, loss, w);
  }

  /** With w = 1 every operation gives the unweighted bits (w·x = x, W = count). */
  private void put(float[] y, float[] t, int off, double loss, double w) {
    count++;
    if (w == 0) {
      return;
    }
    weight += w;
    lossSum += w * loss;
    for (int j = 0; j < outputs; j++) {
      double e = (double) y[off + j] - t[off + j];
      squared[j] += w * (e * e);
      absolute[j] += w * Math.abs(e);
      double d = t[off + j] - mean[j];
      mean[j] += d * w / weight;
      m2[j] += w * d * (t[off + j] - mean[j]);
    }
  }

  /** The weighted summary, or {@code null} when no example came with a weight. */
  public RegressionMetrics weighted() {
    return weighted;
  }

  /** The examples' total weight ({@link #count()} in the unweighted summary). */
  public double weight() {
    return weight;
  }

  /** Adds {@code other} into this and returns this. */
  public RegressionMetrics merge(RegressionMetrics other) {
    if (other.outputs != outputs) {
      throw new IllegalArgumentException("cannot merge metrics over " + other.outputs
          + " outputs into " + outputs + " outputs");
    }
    double n = weight + other.weight;
    for (int j = 0; j < outputs && other.weight > 0; j++) {
      squared[j] += other.squared[j];
      absolute[j] += other.absolute[j];
      double d = other.mean[j] - mean[j];
      m2[j] += other.m2[j] + d * d * weight * other.weight / n;
      mean[j] += d * other.weight / n;
    }
    count += other.count;
    weight = n;
    lossSum += other.lossSum;
    if (other.weighted != null) {
      if (weighted == null) {
        weighted = new RegressionMetrics(outputs);
      }
      weighted.merge(other.weighted);
    }
    return this;
  }

  public int outputs() {
    return outputs;
  }

  public long count() {
    return count;
  }

  /** The mean loss (the network's own loss, e.g. Huber), as training reports it. */
  public double loss() {
    return lossSum / weight;
  }

  public double mse(int j) {
    return squared[j] / weight;
  }

  public double rmse(int j) {
    return Math.sqrt(mse(j));
  }

  public double mae(int j) {
    return absolute[j] / weight;
  }

  /** {@code 1 − SSE/SST}; {@code NaN} when the targets of output {@code j} do not vary. */
  public double r2(int j) {
    return m2[j] == 0 ? Double.NaN : 1 - squared[j] / m2[j];
  }

  public double mse() {
    return average(this::mse);
  }

  public double rmse() {
    return average(this::rmse);
  }

  public double mae() {
    return average(this::mae);
  }

  public double r2() {
    return average(this::r2);
  }

  private double average(java.util.function.IntToDoubleFunction f) {
    double s = 0;
    for (int j = 0; j < outputs; j++) {
      s += f.applyAsDouble(j);
    }
    return s / outputs;
  }
}
