package dev.neuron.train;

import java.util.List;

/**
 * What the {@link EpochMonitor} has recorded so far, kept in the {@link TrainingState} so that a
 * checkpoint carries it: each finished epoch with its validation metrics, early stopping's
 * progress ({@code null} without early stopping) and reduce-on-plateau's ({@code null} without).
 * A resumed run continues them, so it reports the same history, runs at the same rates and stops
 * at the same epoch with the same weights as a run that was never stopped.
 */
public record Monitoring(List<EpochRecord> records, EarlyStopper.Progress stopping,
    PlateauReducer.Progress plateau) {
  public static final Monitoring NONE = new Monitoring(List.of(), null, null);

  public Monitoring {
    records = List.copyOf(records);
  }

  /** The base learning rate reduce-on-plateau has set, or {@code NaN} when it has not run. */
  public float plateauRate() {
    return plateau == null ? Float.NaN : plateau.rate();
  }
}
