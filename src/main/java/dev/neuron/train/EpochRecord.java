package dev.neuron.train;

/**
 * One epoch of a run's history, as Keras' {@code History} holds it: training loss and accuracy
 * (means over the epoch's batches; accuracy {@code NaN} for a regression network), validation
 * loss and accuracy measured with the weights at the end of the epoch ({@code NaN} when the run
 * has no validation data), seconds and samples/s.
 */
public record EpochRecord(int epoch, double loss, double accuracy, double valLoss,
    double valAccuracy, double seconds, double samplesPerSecond) {

  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }
}
