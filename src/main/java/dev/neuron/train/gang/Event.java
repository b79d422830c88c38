package dev.neuron.train.gang;

import dev.neuron.train.StepResult;

/** What a hub reports to the loop that drives it, on one queue, in arrival order. */
sealed interface Event {
  /** A member introduced itself: it serves {@code partition} for stage attempt {@code attempt}. */
  record Joined(int partition, int attempt, Peer peer) implements Event {}

  /** A member's answer to a step. */
  record Result(int partition, int attempt, int epoch, int step, StepResult result)
      implements Event {}

  /** A member's connection closed or broke. */
  record Left(int partition, int attempt, Peer peer) implements Event {}
}
