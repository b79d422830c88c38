package dev.neuron.train;

import java.util.Locale;

/**
 * Keras' {@code EarlyStopping} settings: stop once {@link #monitor} has not improved by more than
 * {@link #minDelta} for {@link #patience} epochs in a row, and, with {@link #restoreBestWeights},
 * end with the weights of the best epoch. {@link EarlyStopper} applies them.
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta,
    boolean restoreBestWeights) {

  public EarlyStopping {
    if (monitor == null) {
      throw new IllegalArgumentException("early stopping needs a monitor, expected one of "
          + Monitor.keys());
    }
    if (patience < 0) {
      throw new IllegalArgumentException("early stopping patience must be zero or positive,"
          + " found " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("early stopping min_delta must be a finite number >= 0,"
          + " found " + minDelta);
    }
  }

  /** A quantity of {@link EpochRecord} and whether lower ({@code loss}) or higher is better. */
  public enum Monitor {
    LOSS(true, false),
    ACCURACY(false, false),
    VAL_LOSS(true, true),
    VAL_ACCURACY(false, true);

    private final boolean minimize;
    private final boolean validation;

    Monitor(boolean minimize, boolean validation) {
      this.minimize = minimize;
      this.validation = validation;
    }

    public boolean minimize() {
      return minimize;
    }

    /** Whether this quantity exists only when the run has validation data. */
    public boolean needsValidation() {
      return validation;
    }

    public double of(EpochRecord r) {
      return switch (this) {
        case LOSS -> r.loss();
        case ACCURACY -> r.accuracy();
        case VAL_LOSS -> r.valLoss();
        case VAL_ACCURACY -> r.valAccuracy();
      };
    }

    /** Keras' name: {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Monitor fromKey(String key) {
      for (Monitor m : values()) {
        if (m.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown early stopping monitor '" + key
          + "', expected one of " + keys());
    }

    static String keys() {
      return String.join(", ", java.util.Arrays.stream(values()).map(Monitor::key).toList());
    }
  }
}
