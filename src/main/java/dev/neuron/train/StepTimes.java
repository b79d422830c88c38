package dev.neuron.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each epoch's steps spent their time, as the driver saw it: the whole step, the slowest
 * partition's arithmetic ({@link StepStats#computeNanos}), the driver's update, and the rest,
 * communication (sending weights, waiting for and decoding results, Spark's scheduling); with
 * the step channel's {@link Traffic}. For {@code metrics.json} and the scaling benchmark.
 */
public final class StepTimes implements TrainingListener {
  /** One epoch's summary; times in milliseconds. */
  public record Epoch(int epoch, int steps, double stepMean, double stepMedian,
      double arithmeticMean, double arithmeticMedian, double updateMean, double updateMedian,
      double communicationMean, double communicationMedian, Traffic traffic) {}

  private final List<Epoch> epochs = new ArrayList<>();
  private final List<StepStats> current = new ArrayList<>();

  @Override
  public void onStep(StepStats s) {
    current.add(s);
  }

  @Override
  public void onEpoch(EpochStats e, int total) {
    int n = current.size();
    double[] step = new double[n];
    double[] arithmetic = new double[n];
    double[] update = new double[n];
    double[] communication = new double[n];
    Traffic traffic = Traffic.NONE;
    for (int i = 0; i < n; i++) {
      StepStats s = current.get(i);
      step[i] = s.nanos() / 1e6;
      arithmetic[i] = s.computeNanos() / 1e6;
      update[i] = s.driverNanos() / 1e6;
      communication[i] = step[i] - arithmetic[i] - update[i];
      traffic = traffic.plus(s.traffic());
    }
    epochs.add(new Epoch(e.epoch(), n, mean(step), median(step), mean(arithmetic),
        median(arithmetic), mean(update), median(update), mean(communication),
        median(communication), traffic));
    current.clear();
  }

  /** The epochs so far, in order. */
  public List<Epoch> epochs() {
    return List.copyOf(epochs);
  }

  private static double mean(double[] a) {
    return Arrays.stream(a).average().orElse(Double.NaN);
  }

  private static double median(double[] a) {
    if (a.length == 0) {
      return Double.NaN;
    }
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
