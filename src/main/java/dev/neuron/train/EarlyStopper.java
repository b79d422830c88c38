package dev.neuron.train;

/**
 * Applies {@link EarlyStopping} epoch by epoch, as Keras' callback does: each epoch increments a
 * wait counter; a value that beats the best so far by more than {@code minDelta}
 * ({@code v + δ < best} when minimizing, {@code v − δ > best} when maximizing) becomes the best and
 * resets the wait to 0; otherwise training stops once {@code wait ≥ patience} (never after the
 * first epoch). With restoring, the best epoch's weights are copied aside (the first epoch's count
 * as best until one improves) and put back by {@link #restoreBest} when training ends, whether or
 * not it stopped early. A {@code NaN} value never improves. Its {@link Progress} goes into every
 * checkpoint, so a resumed run stops at the same epoch and restores the same weights.
 */
public final class EarlyStopper {
  private final EarlyStopping settings;
  private double best;
  private int wait;
  private int bestEpoch;
  private int stoppedEpoch;
  private float[] bestParams;

  /**
   * Where early stopping stands after some epochs: the best value and its epoch, epochs waited
   * since ({@code waited}), the epoch training stopped at (0: not stopped), and the best epoch's weights when they
   * are kept ({@code null} otherwise). The weights array is the stopper's own, not a copy.
   */
  public record Progress(double best, int waited, int bestEpoch, int stoppedEpoch,
      float[] bestParams) {}

  public EarlyStopper(EarlyStopping settings) {
    this(settings, null);
  }

  /** Continues from {@code progress} (a checkpoint's), or starts afresh when it is null. */
  public EarlyStopper(EarlyStopping settings, Progress progress) {
    this.settings = settings;
    if (progress == null) {
      this.best = settings.monitor().minimize() ? Double.POSITIVE_INFINITY
          : Double.NEGATIVE_INFINITY;
    } else {
      this.best = progress.best();
      this.wait = progress.waited();
      this.bestEpoch = progress.bestEpoch();
      this.stoppedEpoch = progress.stoppedEpoch();
      this.bestParams = progress.bestParams() == null ? null : progress.bestParams().clone();
    }
  }

  public Progress progress() {
    return new Progress(best, wait, bestEpoch, stoppedEpoch, bestParams);
  }

  /** Records epoch {@code r} whose final weights are {@code params}; true: stop training now. */
  public boolean update(EpochRecord r, float[] params) {
    double current = settings.monitor().of(r);
    if (settings.restoreBestWeights() && bestParams == null) {
      bestParams = params.clone();
      bestEpoch = r.epoch();
    }
    wait++;
    if (improves(current)) {
      best = current;
      bestEpoch = r.epoch();
      if (settings.restoreBestWeights()) {
        System.arraycopy(params, 0, bestParams, 0, params.length);
      }
      wait = 0;
      return false;
    }
    if (wait >= settings.patience() && r.epoch() > 1) {
      stoppedEpoch = r.epoch();
      return true;
    }
    return false;
  }

  private boolean improves(double current) {
    double d = settings.minDelta();
    return settings.monitor().minimize() ? current + d < best : current - d > best;
  }

  /**
   * With {@code restoreBestWeights}, overwrites {@code params} with the best epoch's weights and
   * returns that epoch (1-based); otherwise leaves them and returns 0.
   */
  public int restoreBest(float[] params) {
    if (!settings.restoreBestWeights() || bestParams == null) {
      return 0;
    }
    System.arraycopy(bestParams, 0, params, 0, params.length);
    return bestEpoch;
  }

  /** The epoch (1-based) at which training was stopped, or 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The epoch (1-based) with the best monitored value so far, or 0 before any. */
  public int bestEpoch() {
    return bestEpoch;
  }

  public double best() {
    return best;
  }
}
