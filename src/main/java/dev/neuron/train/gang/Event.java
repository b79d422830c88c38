package dev.neuron.train.gang;

import dev.neuron.train.StepResult;

/** What a hub reports to the loop that drives it, on one queue, in arrival order. */
sealed interface Event {
  /** The member of {@code launch} that sent it. */
  int launch();

  /**
   * A member introduced itself: it serves {@code partition} for the driver's launch
   * {@code launch} of the gang's stage, in Spark's attempt {@code attempt} of that stage.
   */
  record Joined(int launch, int partition, int attempt, Peer peer) implements Event {}

  /** A member's answer to a step, over the connection of {@code peer}. */
  record Result(int launch, int partition, int attempt, int epoch, int step, StepResult result,
      Peer peer) implements Event {}

  /** A member's connection closed or broke. */
  record Left(int launch, int partition, int attempt, Peer peer) implements Event {}
}
