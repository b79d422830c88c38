package dev.neuron.train;

import java.util.List;

/** Several listeners as one, called in the order given; training stops if any asks. */
public final class Listeners implements TrainingListener {
  private final List<TrainingListener> all;

  private Listeners(List<TrainingListener> all) {
    this.all = all;
  }

  public static TrainingListener of(TrainingListener... listeners) {
    return new Listeners(List.of(listeners));
  }

  @Override
  public void onStart(ModeChoice mode) {
    for (TrainingListener l : all) {
      l.onStart(mode);
    }
  }

  @Override
  public void onStep(StepStats step) {
    for (TrainingListener l : all) {
      l.onStep(step);
    }
  }

  @Override
  public void onEpoch(EpochStats epoch, int epochs) {
    for (TrainingListener l : all) {
      l.onEpoch(epoch, epochs);
    }
  }

  @Override
  public void onTraffic(EpochTraffic epoch) {
    for (TrainingListener l : all) {
      l.onTraffic(epoch);
    }
  }

  /** Each listener's answer passed to the next, in order. */
  @Override
  public Monitoring monitoring(Monitoring current) {
    Monitoring m = current;
    for (TrainingListener l : all) {
      m = l.monitoring(m);
    }
    return m;
  }

  @Override
  public boolean runsSparkJobs() {
    return all.stream().anyMatch(TrainingListener::runsSparkJobs);
  }

  @Override
  public boolean stopRequested() {
    boolean stop = false;
    for (TrainingListener l : all) {
      stop |= l.stopRequested();
    }
    return stop;
  }
}
