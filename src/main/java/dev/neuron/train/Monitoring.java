package dev.neuron.train;

import java.util.List;

/**
 * What the {@link EpochMonitor} has recorded so far, kept in the {@link TrainingState} so that a
 * checkpoint carries it: each finished epoch with its validation metrics, and early stopping's
 * progress ({@code null} without early stopping). A resumed run continues both, so it reports the
 * same history and stops at the same epoch with the same weights as a run that was never stopped.
 */
public record Monitoring(List<EpochRecord> records, EarlyStopper.Progress stopping) {
  public static final Monitoring NONE = new Monitoring(List.of(), null);

  public Monitoring {
    records = List.copyOf(records);
  }
}
