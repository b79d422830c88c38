package dev.neuron.train;

/**
 * One epoch of a run's history, as Keras' {@code History} holds it: training loss and accuracy
 * (means over the epoch's batches; accuracy {@code NaN} for a regression network), validation
 * loss and accuracy measured with the weights at the end of the epoch ({@code NaN} when the run
 * has no validation data), seconds and samples/s, and the learning rate of the epoch's last step
 * (Keras' {@code learning_rate} log, taken before reduce-on-plateau acts on the epoch; {@code NaN}
 * when unknown).
 */
public record EpochRecord(int epoch, double loss, double accuracy, double valLoss,
    double valAccuracy, double seconds, double samplesPerSecond, float learningRate) {

  public EpochRecord(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
      double seconds, double samplesPerSecond) {
    this(epoch, loss, accuracy, valLoss, valAccuracy, seconds, samplesPerSecond, Float.NaN);
  }

  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }
}
