package dev.neuron.train;

/**
 * The one rule for monitors of validation quantities ({@code val_loss}, {@code val_accuracy}):
 * early stopping and reduce-on-plateau may watch them only when the run has validation data.
 * The CLI's configuration, the Spark ML stages and the epoch monitor all check it here, each
 * saying how its user gives validation data.
 */
public final class ValidationNeed {
  private ValidationNeed() {}

  /**
   * An {@code IllegalArgumentException} ({@code "early_stopping.monitor: val_loss needs validation
   * data; <how>, or monitor loss or accuracy"}) when a monitor needs validation data the run does
   * not have; {@code null} settings are off.
   */
  public static void check(EarlyStopping stopping, ReduceLrOnPlateau plateau,
      boolean hasValidation, String how) {
    if (hasValidation) {
      return;
    }
    if (stopping != null && stopping.monitor().needsValidation()) {
      throw missing("early_stopping.monitor", stopping.monitor(), how);
    }
    if (plateau != null && plateau.monitor().needsValidation()) {
      throw missing(ReduceLrOnPlateau.KEY, plateau.monitor(), how);
    }
  }

  private static IllegalArgumentException missing(String key, EarlyStopping.Monitor monitor,
      String how) {
    return new IllegalArgumentException(key + ": " + monitor.key() + " needs validation data; "
        + how + ", or monitor loss or accuracy");
  }
}
