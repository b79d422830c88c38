package dev.neuron.ml;

import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.optim.Decay;
import dev.neuron.optim.Schedule;
import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import dev.neuron.read.Columns;
import dev.neuron.read.RowBlocks;
import dev.neuron.train.ClassWeights;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.FitSequence;
import dev.neuron.train.LocalSgd;
import dev.neuron.train.ReduceLrOnPlateau;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.ValidationNeed;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;

/**
 * What every Neuron estimator's {@code fit} does with its {@link NeuronParams}: checks the
 * validation and early-stopping params, separates the validation rows (an indicator column) or
 * leaves the fraction to {@link FitSequence}, converts the rows into cached blocks the
 * estimator's way (class indices or real targets), builds the network the estimator's way on the
 * hidden layers the params describe, and runs the shared fit sequence.
 */
final class EstimatorFit {
  private EstimatorFit() {}

  /** How an estimator reads its label column into a training set. */
  @FunctionalInterface
  interface Conversion {
    /** @param outputs the training set's target width, or 0 when converting the training rows */
    RowBlocks.Converted convert(Dataset<?> rows, int partitions, int outputs);
  }

  /** The output layer and loss an estimator puts on the shared hidden layers. */
  @FunctionalInterface
  interface Head {
    Network.Builder add(Network.Builder hidden, int outputs);
  }

  record Fitted(Network net, FitSequence.Outcome outcome) {}

  /** @param classWeights the classifier's class weights, or {@code null} */
  static Fitted fit(NeuronParams p, Dataset<?> dataset, Conversion conversion, Head head,
      ClassWeights classWeights, Logger log) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
        dataset.sparkSession().sparkContext());
    int partitions = p.getNumPartitions() > 0 ? p.getNumPartitions() : jsc.defaultParallelism();
    TrainOptions options = trainOptions(p);
    EarlyStopping stopping = earlyStopping(p);
    String indicator = p.getValidationIndicatorCol();
    ValidationNeed.oneSource("validationFraction", p.getValidationFraction() > 0,
        "validationIndicatorCol", !indicator.isEmpty());
    ValidationNeed.check(stopping, options.plateau(),
        p.getValidationFraction() > 0 || !indicator.isEmpty(),
        "set validationFraction > 0 or a validationIndicatorCol");
    Dataset<?> trainRows = dataset;
    Dataset<?> validationRows = null;
    if (!indicator.isEmpty()) {
      Columns.requireBoolean(dataset.schema(), indicator);
      trainRows = dataset.filter(functions.not(functions.col(indicator)));
      validationRows = dataset.filter(functions.col(indicator));
    }
    RowBlocks.Converted data = conversion.convert(trainRows, partitions, 0);
    TrainingSet validation = null;
    try {
      if (validationRows != null) {
        validation = conversion.convert(validationRows, partitions, data.outputs()).set();
      }
    } catch (RuntimeException e) {
      data.set().release();
      throw e;
    }
    Network net = head.add(hidden(p, data.set().inputs()), data.outputs())
        .l2((float) p.getL2()).build();
    FitSequence.Outcome fit = FitSequence.on(jsc).withEarlyStopping(stopping)
        .withClassWeights(classWeights)
        .withOutput(r -> log(log, r), log::info)
        .fit(data.set(), validation, p.getValidationFraction(), net, options);
    return new Fitted(net, fit);
  }

  private static void log(Logger log, EpochRecord r) {
    log.info("epoch {}: loss {} accuracy {}{}", r.epoch(), r.loss(), r.accuracy(),
        r.hasValidation() ? " val_loss " + r.valLoss() + " val_accuracy " + r.valAccuracy() : "");
  }

  /**
   * The input and the hidden layers ({@code layers}, {@code activation}), each with the
   * {@code l2} kernel penalty and followed by {@code dropout}.
   */
  static Network.Builder hidden(NeuronParams p, int inputs) {
    Network.Builder b = Network.input(inputs);
    Activation hidden = Activation.fromKey(p.getActivation());
    for (int units : p.getLayers()) {
      b.dense(units, hidden).l2((float) p.getL2()).dropout((float) p.getDropout());
    }
    return b;
  }

  /**
   * The optimizer, schedule and reduce-on-plateau the params choose, with the settings that are
   * set; a setting the choice does not take is refused.
   */
  static TrainOptions trainOptions(NeuronParams p) {
    UpdateRule rule = UpdateRule.fromKey(p.getOptimizer());
    Decay decay = Decay.fromKey(p.getSchedule());
    boolean plateau = !p.getReduceLr().equals("off");
    return new TrainOptions(p.getEpochs(), p.getBatchSize(),
        rule.create(setValues(p, p.paramSet().optimizerSettings, rule::takes,
            "optimizer " + rule.key(), rule.settings())),
        Initializer.fromKey(p.getInitializer()), p.getSeed()).withSchedule(
            Schedule.of(decay.key(), setValues(p, p.paramSet().scheduleSettings, decay::takes,
                "schedule " + decay.key(), decay.settings())),
            ReduceLrOnPlateau.of(p.getReduceLr(), setValues(p, p.paramSet().plateauSettings,
                k -> plateau, "reduceLr " + p.getReduceLr(), ReduceLrOnPlateau.SETTINGS)))
        .withLocalSgd(new LocalSgd(p.getLocalSteps(), p.getLocalWarmupSteps(),
            LocalSgd.LocalState.fromKey(p.getLocalState())));
  }

  /**
   * The values of the {@code params} that are set, as text by setting key; one {@code owner}
   * does not take ({@code takes}) is refused, naming the params it does take.
   */
  private static Map<String, String> setValues(NeuronParams p, Map<String, Param<?>> params,
      Predicate<String> takes, String owner, List<Setting> taken) {
    Map<String, String> values = new TreeMap<>();
    params.forEach((key, param) -> {
      if (!p.isSet(param)) {
        return;
      }
      if (!takes.test(key)) {
        throw new IllegalArgumentException(param.name() + " is set, but it is not a setting of "
            + owner + " (which takes " + taken.stream().filter(s -> takes.test(s.key()))
            .map(s -> params.get(s.key()).name()).toList() + ")");
      }
      values.put(key, String.valueOf(p.getOrDefault(param)));
    });
    return values;
  }

  /** Early stopping as the params say, or {@code null} when {@code patience} is unset. */
  static EarlyStopping earlyStopping(NeuronParams p) {
    if (!p.isSet(p.patience())) {
      return null;
    }
    return new EarlyStopping(EarlyStopping.Monitor.fromKey(p.getMonitor()), p.getPatience(),
        p.getMinDelta(), p.getRestoreBestWeights());
  }
}
