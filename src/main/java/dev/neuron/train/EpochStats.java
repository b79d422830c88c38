package dev.neuron.train;

/**
 * One epoch as Keras reports it: the mean training loss and accuracy over the epoch's batches
 * (each computed with the weights of its step), wall-clock seconds, throughput, and the learning
 * rate of its last step ({@code NaN} when unknown).
 */
public record EpochStats(int epoch, double loss, double accuracy, double seconds,
    double samplesPerSecond, float learningRate) {
  public EpochStats(int epoch, double loss, double accuracy, double seconds,
      double samplesPerSecond) {
    this(epoch, loss, accuracy, seconds, samplesPerSecond, Float.NaN);
  }
}
