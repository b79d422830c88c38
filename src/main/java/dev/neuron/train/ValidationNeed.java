package dev.neuron.train;

/**
 * The two rules of validation data, for the CLI's configuration, the Spark ML stages, the fit
 * sequence and the epoch monitor alike, each naming how its user gives validation data: monitors
 * of validation quantities ({@code val_loss}, {@code val_accuracy}) in early stopping and
 * reduce-on-plateau need validation data ({@link #check}), which comes from one source
 * ({@link #oneSource}).
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

  /**
   * The other rule, for every caller alike: validation data comes from one source. An
   * {@code IllegalArgumentException} ({@code "<first> and <second> are both set; choose one
   * source of validation data"}) when both are.
   */
  public static void oneSource(String first, boolean hasFirst, String second,
      boolean hasSecond) {
    if (hasFirst && hasSecond) {
      throw new IllegalArgumentException(first + " and " + second + " are both set; choose one"
          + " source of validation data");
    }
  }

  private static IllegalArgumentException missing(String key, EarlyStopping.Monitor monitor,
      String how) {
    return new IllegalArgumentException(key + ": " + monitor.key() + " needs validation data; "
        + how + ", or monitor loss or accuracy");
  }
}
