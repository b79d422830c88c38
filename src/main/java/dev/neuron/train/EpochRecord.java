package dev.neuron.train;

import dev.neuron.eval.Metrics;

/**
 * One epoch of a run's history, as Keras' {@code History} holds it: training loss and accuracy
 * (means over the epoch's batches), validation loss and accuracy measured with the weights at the
 * end of the epoch ({@code NaN} when the run has no validation data), seconds and samples/s.
 */
public record EpochRecord(int epoch, double loss, double accuracy, double valLoss,
    double valAccuracy, double seconds, double samplesPerSecond) {

  /** The trainer's epoch statistics with the validation metrics, if any ({@code null}: none). */
  public static EpochRecord of(EpochStats e, Metrics validation) {
    return new EpochRecord(e.epoch(), e.loss(), e.accuracy(),
        validation == null ? Double.NaN : validation.loss(),
        validation == null ? Double.NaN : validation.accuracy(), e.seconds(),
        e.samplesPerSecond());
  }

  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }
}
