package dev.neuron.train.gang;

/**
 * The gang's barrier stage ended, or a member fell silent: the step in progress must run again on
 * a new launch ({@link GangSteps}); no stack trace, it is control flow.
 */
final class StageLost extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StageLost(String message) {
    super(message, null, false, false);
  }
}
