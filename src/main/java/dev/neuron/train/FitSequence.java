package dev.neuron.train;

import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Network;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one path from cached examples to fitted weights, shared by the CLI and the Spark ML
 * estimators:
 *
 * <pre>
 *   split (hold out a validation fraction, or take a given validation set; weight the training
 *          examples by their classes when class weights are given)
 *   → initial state (fresh weights, or a checkpoint's state)
 *   → monitor (validation scoring, early stopping, the per-epoch records)
 *   → fit (the synchronous distributed trainer)
 *   → finish (the best epoch's weights back when early stopping keeps them)
 * </pre>
 *
 * The sequence owns the training and validation sets it is given and releases them, and those it
 * makes, when it returns or fails. Callers differ only in the hooks: where the run starts, extra
 * listeners (progress), checkpoints, where records and messages go.
 */
public final class FitSequence {
  /**
   * What a fit produced: the final state (best weights when restored), the epochs' records, and
   * the mode the steps ran in and why.
   */
  public record Outcome(TrainingState state, List<EpochRecord> records, int stoppedEpoch,
      int restoredEpoch, ModeChoice mode, float[] classWeights) {}

  /**
   * Runs after the fit, on the final (or restored best) weights, while the training and
   * validation sets are still cached: the end-of-run scores of both.
   */
  @FunctionalInterface
  public interface Finish {
    /** @param validation the validation set, or {@code null} when the run had none */
    void score(TrainingSet train, TrainingSet validation, TrainingState state);
  }

  /** Where a run starts: fresh weights ({@link SparkTrainer#initialState}) or a checkpoint. */
  @FunctionalInterface
  public interface Start {
    TrainingState state(Network net, TrainOptions options);
  }

  private final JavaSparkContext jsc;
  private final Hooks hooks;

  /**
   * The caller's parts of the sequence, each with its default here; {@code mode} null leaves the
   * trainer's default. A with… method changes one part of a copy, so a FitSequence, once made,
   * does not change.
   */
  private static final class Hooks implements Cloneable {
    ExecutionMode mode;
    EarlyStopping stopping;
    Start start = SparkTrainer::initialState;
    TrainingListener listener = TrainingListener.NONE;
    Checkpointer checkpointer = Checkpointer.NONE;
    Consumer<EpochRecord> sink = r -> { };
    Consumer<String> log = m -> { };
    Finish finish = (t, v, s) -> { };
    ClassWeights classWeights;

    Hooks with(Consumer<Hooks> change) {
      Hooks h;
      try {
        h = (Hooks) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
      change.accept(h);
      return h;
    }
  }

  private FitSequence(JavaSparkContext jsc, Hooks hooks) {
    this.jsc = jsc;
    this.hooks = hooks;
  }

  /** Fresh weights, no early stopping, listener, checkpoints or output. */
  public static FitSequence on(JavaSparkContext jsc) {
    return new FitSequence(jsc, new Hooks());
  }

  private FitSequence with(Consumer<Hooks> change) {
    return new FitSequence(jsc, hooks.with(change));
  }

  public FitSequence withMode(ExecutionMode mode) {
    return with(h -> h.mode = mode);
  }

  /** Early stopping; {@code null}: none. */
  public FitSequence withEarlyStopping(EarlyStopping stopping) {
    return with(h -> h.stopping = stopping);
  }

  public FitSequence withStart(Start start) {
    return with(h -> h.start = start);
  }

  /** A listener called before the monitor at every step and epoch (progress output). */
  public FitSequence withListener(TrainingListener listener) {
    return with(h -> h.listener = listener);
  }

  public FitSequence withCheckpointer(Checkpointer checkpointer) {
    return with(h -> h.checkpointer = checkpointer);
  }

  /** Where each epoch's record goes ({@code sink}) and the sequence's messages ({@code log}). */
  public FitSequence withOutput(Consumer<EpochRecord> sink, Consumer<String> log) {
    return with(h -> {
      h.sink = sink;
      h.log = log;
    });
  }

  /** Scores the final weights on the training and validation sets before they are released. */
  public FitSequence withFinish(Finish finish) {
    return with(h -> h.finish = finish);
  }

  /** Class weights applied to the training examples after the split; {@code null}: none. */
  public FitSequence withClassWeights(ClassWeights classWeights) {
    return with(h -> h.classWeights = classWeights);
  }

  /**
   * Runs the sequence on {@code train}, validating on {@code validation} (may be null) or on
   * the {@code validationFraction} of {@code train} held out by {@link ValidationSplit} (0: none;
   * not both), and releases every set involved before returning.
   */
  public Outcome fit(TrainingSet train, TrainingSet validation, double validationFraction,
      Network net, TrainOptions options) {
    TrainingSet fitted = train;
    TrainingSet held = validation;
    try {
      ValidationNeed.oneSource("a validation fraction", validationFraction > 0,
          "a validation set", validation != null);
      if (validationFraction > 0) {
        ValidationSplit.Parts parts = ValidationSplit.split(train, validationFraction,
            options.seed());
        train.release();
        fitted = parts.train();
        held = parts.validation();
      }
      if (held != null) {
        hooks.log.accept(String.format("Validation: %d examples; training on %d", held.count(),
            fitted.count()));
      }
      float[] classWeights = null;
      if (hooks.classWeights != null) {
        if (net.isRegression()) {
          throw new IllegalArgumentException("class weights need classes; a regression network"
              + " takes sample weights only");
        }
        classWeights = hooks.classWeights.resolve(fitted, net.classes());
        hooks.log.accept("Class weights (" + hooks.classWeights + "): "
            + java.util.Arrays.toString(classWeights));
        TrainingSet weighted = ClassWeights.apply(fitted, classWeights);
        fitted.release();
        fitted = weighted;
      }
      TrainingState state = hooks.start.state(net, options);
      EpochMonitor monitor = new EpochMonitor(jsc, net, state, held, hooks.stopping, options,
          hooks.sink);
      SparkTrainer trainer = hooks.mode == null ? new SparkTrainer(jsc)
          : new SparkTrainer(jsc).withMode(hooks.mode);
      trainer.fit(fitted, net, options, state, Listeners.of(hooks.listener, monitor),
          hooks.checkpointer);
      int restored = monitor.finish();
      if (monitor.stoppedEpoch() > 0) {
        hooks.log.accept("Early stopping after epoch " + monitor.stoppedEpoch());
      }
      if (restored > 0) {
        hooks.log.accept("Restored the weights of epoch " + restored + " (best "
            + hooks.stopping.monitor().key() + ")");
      }
      hooks.finish.score(fitted, held, state);
      return new Outcome(state, monitor.records(), monitor.stoppedEpoch(), restored,
          monitor.mode(), classWeights);
    } finally {
      fitted.release();
      if (held != null) {
        held.release();
      }
    }
  }
}
