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
 */
public final class RegressionMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int outputs;
  private long count;
  private double lossSum;
  private final double[] squared;
  private final double[] absolute;
  private final double[] mean;
  private final double[] m2;

  public RegressionMetrics(int outputs) {
    this.outputs = outputs;
    this.squared = new double[outputs];
    this.absolute = new double[outputs];
    this.mean = new double[outputs];
    this.m2 = new double[outputs];
  }

  /** Adds one example: outputs {@code y[off…]}, targets {@code t[off…]}, its loss. */
  void add(float[] y, float[] t, int off, double loss) {
    count++;
    lossSum += loss;
    for (int j = 0; j < outputs; j++) {
      double e = (double) y[off + j] - t[off + j];
      squared[j] += e * e;
      absolute[j] += Math.abs(e);
      double d = t[off + j] - mean[j];
      mean[j] += d / count;
      m2[j] += d * (t[off + j] - mean[j]);
    }
  }

  /** Adds {@code other} into this and returns this. */
  public RegressionMetrics merge(RegressionMetrics other) {
    if (other.outputs != outputs) {
      throw new IllegalArgumentException("cannot merge metrics over " + other.outputs
          + " outputs into " + outputs + " outputs");
    }
    long n = count + other.count;
    for (int j = 0; j < outputs && other.count > 0; j++) {
      squared[j] += other.squared[j];
      absolute[j] += other.absolute[j];
      double d = other.mean[j] - mean[j];
      m2[j] += other.m2[j] + d * d * count * other.count / n;
      mean[j] += d * other.count / n;
    }
    count = n;
    lossSum += other.lossSum;
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
    return lossSum / count;
  }

  public double mse(int j) {
    return squared[j] / count;
  }

  public double rmse(int j) {
    return Math.sqrt(mse(j));
  }

  public double mae(int j) {
    return absolute[j] / count;
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
