package dev.neuron.train;

/**
 * Applies {@link ReduceLrOnPlateau} epoch by epoch as Keras' callback does (its
 * {@code on_epoch_end}): in cooldown, count the cooldown down and reset the wait; then a value
 * that improves on the best becomes the best and resets the wait; otherwise, out of cooldown, the
 * wait grows, and once it reaches {@code patience} a rate above {@code min_lr} becomes
 * {@code max(rate·factor, min_lr)}, the cooldown starts and the wait resets. A {@code NaN} value
 * never improves. The rate is the base rate of the run's steps (a warm-up scales it); its
 * {@link Progress} goes into every checkpoint, so a resumed run reduces at the same epochs.
 */
public final class PlateauReducer {
  private final ReduceLrOnPlateau settings;
  private double best;
  private int wait;
  private int cooldown;
  private float rate;

  /**
   * Where the reducer stands: the best value so far, epochs waited, cooldown epochs left, and the
   * rate in effect.
   */
  public record Progress(double best, int waited, int cooldown, float rate) {}

  /** Starts at {@code rate} (the optimizer's), or continues from {@code progress} if given. */
  public PlateauReducer(ReduceLrOnPlateau settings, Progress progress, float rate) {
    this.settings = settings;
    if (progress == null) {
      this.best = settings.monitor().minimize() ? Double.POSITIVE_INFINITY
          : Double.NEGATIVE_INFINITY;
      this.rate = rate;
    } else {
      this.best = progress.best();
      this.wait = progress.waited();
      this.cooldown = progress.cooldown();
      this.rate = progress.rate();
    }
  }

  public Progress progress() {
    return new Progress(best, wait, cooldown, rate);
  }

  /** The rate in effect. */
  public float rate() {
    return rate;
  }

  /** Records epoch {@code r}; true when it reduced the rate. */
  public boolean update(EpochRecord r) {
    double current = settings.monitor().of(r);
    if (cooldown > 0) {
      cooldown--;
      wait = 0;
    }
    if (improves(current)) {
      best = current;
      wait = 0;
      return false;
    }
    if (cooldown > 0) {
      return false;
    }
    wait++;
    // Keras compares the rate with min_lr as float32, then reduces in double.
    if (wait >= settings.patience() && rate > settings.minLr()) {
      rate = (float) Math.max((double) rate * settings.factor(), settings.minLr());
      cooldown = settings.cooldown();
      wait = 0;
      return true;
    }
    return false;
  }

  private boolean improves(double current) {
    double d = settings.minDelta();
    return settings.monitor().minimize() ? current < best - d : current > best + d;
  }
}
