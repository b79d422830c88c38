package dev.neuron.train;

/** Training produced a non-finite loss or gradient; the message names the step and the layer. */
public final class DivergenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DivergenceException(String message) {
    super(message);
  }
}
