package dev.neuron.optim;

/**
 * A rule whose update of each parameter depends only on that parameter, its gradient and its own
 * state: nothing to prepare over whole tensors.
 */
public sealed interface ElementWise extends Optimizer permits Sgd, RmsProp, Adam {

  /**
   * The update of step {@code state.steps()} (already advanced) on {@code [from, to)}. Elements
   * are independent, so disjoint ranges may run in parallel and give the same bits as one call
   * over everything.
   */
  void update(float[] w, float[] g, OptimizerState state, int from, int to);

  @Override
  default Update prepare(float[] w, float[] g, OptimizerState state, Tensors tensors) {
    return (from, to) -> update(w, g, state, from, to);
  }
}
