package dev.neuron.train;

import dev.neuron.data.TrainingSet;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.RegressionMetrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Network;
import dev.neuron.nn.Penalty;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Keras' {@code History} plus {@code EarlyStopping}, as a training listener: after each epoch it
 * scores the validation set (if any) with the epoch's final weights, read from the run's
 * {@link TrainingState}, appends an {@link EpochRecord}, hands it to the sink (console, report),
 * and asks the trainer to stop when early stopping says so. Both go into the state's
 * {@link Monitoring}, which the trainer writes from {@link #monitoring}; a monitor made for a
 * resumed state continues from there (a run that had stopped stays stopped). After the fit,
 * {@link #finish} puts the best weights back when early stopping restores them. It also keeps
 * the mode the steps ran in, for the run's report.
 */
public final class EpochMonitor implements TrainingListener {
  private final JavaSparkContext jsc;
  private final Network net;
  private final TrainingState state;
  private final TrainingSet validation;
  private final EarlyStopper stopper;
  private final PlateauReducer reducer;
  private final Consumer<EpochRecord> sink;
  private final List<EpochRecord> records = new ArrayList<>();
  private boolean stop;
  private ModeChoice mode;
  /** What the last {@link #onEpoch} recorded, for the trainer to keep; null before the first. */
  private Monitoring latest;

  /**
   * @param validation scored after every epoch; {@code null} for none
   * @param stopping early stopping; {@code null} for none
   */
  public EpochMonitor(JavaSparkContext jsc, Network net, TrainingState state,
      TrainingSet validation, EarlyStopping stopping, Consumer<EpochRecord> sink) {
    this(jsc, net, state, validation, stopping, null, sink);
  }

  /**
   * As above, with reduce-on-plateau when {@code options} ask for it: the reducer starts at the
   * optimizer's rate, or continues from the state's {@link Monitoring}.
   */
  public EpochMonitor(JavaSparkContext jsc, Network net, TrainingState state,
      TrainingSet validation, EarlyStopping stopping, TrainOptions options,
      Consumer<EpochRecord> sink) {
    ReduceLrOnPlateau plateau = options == null ? null : options.plateau();
    ValidationNeed.check(stopping, plateau, validation != null,
        "give a validation split or a validation set");
    this.jsc = jsc;
    this.net = net;
    this.state = state;
    this.validation = validation;
    Monitoring restored = state.monitoring();
    this.stopper = stopping == null ? null : new EarlyStopper(stopping, restored.stopping());
    this.stop = stopper != null && stopper.stoppedEpoch() > 0;
    this.reducer = plateau == null ? null : new PlateauReducer(plateau, restored.plateau(),
        options.optimizer().learningRate());
    this.sink = sink;
    List<EpochRecord> kept = restored.records();
    List<EpochStats> history = state.history();
    boolean known = kept.size() == history.size();
    for (int i = 0; i < history.size(); i++) {
      records.add(record(history.get(i), known ? kept.get(i).valLoss() : Double.NaN,
          known ? kept.get(i).valAccuracy() : Double.NaN));
    }
  }

  @Override
  public void onStart(ModeChoice mode) {
    this.mode = mode;
  }

  @Override
  public void onEpoch(EpochStats epoch, int epochs) {
    EpochRecord r;
    if (validation == null) {
      r = record(epoch, Double.NaN, Double.NaN);
    } else if (net.isRegression()) {
      jsc.setJobDescription("epoch " + epoch.epoch() + " validation");
      RegressionMetrics m = SparkEvaluator.regression(jsc, validation.blocks(), net,
          state.params());
      r = record(epoch, (m.weighted() != null ? m.weighted().loss() : m.loss()) + penalty(),
          Double.NaN);
    } else {
      jsc.setJobDescription("epoch " + epoch.epoch() + " validation");
      Metrics m = SparkEvaluator.evaluate(jsc, validation.blocks(), net, state.params(), 1);
      // As Keras: with sample weights val_loss is weighted, val_accuracy (a plain metric) is not.
      r = record(epoch, (m.weighted() ? m.weightedLoss() : m.loss()) + penalty(), m.accuracy());
    }
    records.add(r);
    if (stopper != null && stopper.update(r, state.params())) {
      stop = true;
    }
    if (reducer != null) {
      reducer.update(r);
    }
    latest = new Monitoring(records, stopper == null ? null : stopper.progress(),
        reducer == null ? null : reducer.progress());
    sink.accept(r);
  }

  /**
   * The L2 kernel penalty of the epoch's final weights: Keras' validation loss, like its training
   * loss, includes the layers' regularization losses, so the two stay comparable.
   */
  private double penalty() {
    return net.hasPenalty() ? Penalty.value(net, state.params()) : 0;
  }

  /** A regression network has no accuracy: its records say NaN, as for absent validation. */
  private EpochRecord record(EpochStats e, double valLoss, double valAccuracy) {
    return new EpochRecord(e.epoch(), e.loss(), net.isRegression() ? Double.NaN : e.accuracy(),
        valLoss, valAccuracy, e.seconds(), e.samplesPerSecond(), e.learningRate());
  }

  @Override
  public Monitoring monitoring(Monitoring current) {
    return latest == null ? current : latest;
  }

  @Override
  public boolean runsSparkJobs() {
    return validation != null;
  }

  @Override
  public boolean stopRequested() {
    return stop;
  }

  /**
   * Ends the run: restores the best epoch's weights into the state when early stopping keeps
   * them, and returns that epoch (0 when the weights are the last epoch's).
   */
  public int finish() {
    return stopper == null ? 0 : stopper.restoreBest(state.params());
  }

  /** The epoch at which early stopping ended training, or 0. */
  public int stoppedEpoch() {
    return stopper == null ? 0 : stopper.stoppedEpoch();
  }

  /** The mode the steps ran in, and why; {@code null} before training starts. */
  public ModeChoice mode() {
    return mode;
  }

  public List<EpochRecord> records() {
    return List.copyOf(records);
  }
}
