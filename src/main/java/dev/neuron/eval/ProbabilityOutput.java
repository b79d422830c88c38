package dev.neuron.eval;

/** Which probabilities a prediction row carries besides the predicted class. */
public enum ProbabilityOutput {
  /** The predicted class's probability only. */
  TOP,
  /** Also the full output vector ({@code probabilities}). */
  ALL
}
