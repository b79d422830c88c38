package dev.neuron.ml;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Decay;
import dev.neuron.optim.UpdateRule;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.LocalSgd;
import dev.neuron.train.ReduceLrOnPlateau;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the classifier and its model, created for one owner (a param belongs to the
 * instance whose uid it carries) with their defaults. Names and meanings follow MLlib where it has
 * one (featuresCol, labelCol, predictionCol, probabilityCol, rawPredictionCol, seed) and Keras
 * otherwise.
 */
public final class ParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final Param<String> loss;
  final DoubleParam delta;
  final IntArrayParam layers;
  final Param<String> activation;
  final Param<String> initializer;
  /** The layers' regularizers, derived from {@link Network#L2} and {@link Network#DROPOUT}. */
  final DoubleParam l2;
  final DoubleParam dropout;
  final Param<String> optimizer;
  /** One param per optimizer setting key, derived from the rules' declarations. */
  final Map<String, Param<?>> optimizerSettings;
  final Param<String> schedule;
  /** One param per schedule setting key, derived from the decays' declarations. */
  final Map<String, Param<?>> scheduleSettings;
  final Param<String> reduceLr;
  /** Reduce-on-plateau's settings, derived from their declarations. */
  final Map<String, Param<?>> plateauSettings;
  final IntParam batchSize;
  /** Periodic averaging, derived from {@link LocalSgd#SETTINGS}, and its state policy. */
  final IntParam localSteps;
  final IntParam localWarmupSteps;
  final Param<String> localState;
  final IntParam epochs;
  final LongParam seed;
  final IntParam numPartitions;
  final DoubleParam validationFraction;
  final Param<String> validationIndicatorCol;
  final Param<String> weightCol;
  final Param<String> classWeights;
  final IntParam patience;
  final Param<String> monitor;
  final DoubleParam minDelta;
  final BooleanParam restoreBestWeights;

  ParamSet(Params owner) {
    featuresCol = new Param<>(owner, "featuresCol", "features column name (a vector)");
    labelCol = new Param<>(owner, "labelCol", "label column name: a class index 0, 1, 2, …"
        + " (classifier); a number, or a vector with one number per output (regressor)");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column name");
    probabilityCol = new Param<>(owner, "probabilityCol", "column name for the predicted class"
        + " probabilities (the softmax output); empty: not added");
    rawPredictionCol = new Param<>(owner, "rawPredictionCol", "column name for the raw"
        + " prediction (the output layer's logits, before softmax); empty: not added");
    String[] losses = Arrays.stream(Loss.values()).filter(Loss::regression).map(Loss::key)
        .toArray(String[]::new);
    loss = new Param<>(owner, "loss", "regression loss: " + oneOf(losses),
        ParamValidators.inArray(losses));
    delta = new DoubleParam(owner, "delta", "the Huber loss's δ: squared error within δ of the"
        + " target, absolute error beyond", ParamValidators.gt(0));
    layers = new IntArrayParam(owner, "layers", "units of the hidden layers, in order; the input"
        + " size comes from the features, the output has one unit per class (softmax) or per"
        + " target (linear)",
        ParamSet::positiveUnits);
    String[] hidden = Arrays.stream(Activation.values()).filter(a -> a != Activation.SOFTMAX)
        .map(Activation::key).toArray(String[]::new);
    activation = new Param<>(owner, "activation", "activation of the hidden layers: "
        + String.join(", ", hidden), ParamValidators.inArray(hidden));
    String[] initializers = Arrays.stream(Initializer.values()).map(Initializer::key)
        .toArray(String[]::new);
    initializer = new Param<>(owner, "initializer", "weight initializer: "
        + String.join(", ", initializers), ParamValidators.inArray(initializers));
    l2 = (DoubleParam) SettingParams.of(owner, Network.L2, Network.L2.doc()
        + "; applies to every layer's kernel, the output layer's included");
    dropout = (DoubleParam) SettingParams.of(owner, Network.DROPOUT, Network.DROPOUT.doc()
        + "; applies after every hidden layer");
    optimizer = new Param<>(owner, "optimizer", UpdateRule.keys() + "; each takes its own"
        + " settings (the params named after them), unset ones at the rule's default",
        ParamValidators.inArray(Arrays.stream(UpdateRule.values()).map(UpdateRule::key)
            .toArray(String[]::new)));
    optimizerSettings = SettingParams.optimizers(owner);
    schedule = new Param<>(owner, "schedule", "learning-rate schedule: " + Decay.keys()
        + "; each takes its own settings (the params named after them)",
        ParamValidators.inArray(Arrays.stream(Decay.values()).map(Decay::key)
            .toArray(String[]::new)));
    scheduleSettings = SettingParams.schedules(owner);
    reduceLr = new Param<>(owner, "reduceLr", "reduce the learning rate on a plateau of this"
        + " quantity (Keras' ReduceLROnPlateau): " + ReduceLrOnPlateau.choices(),
        ParamValidators.inArray(ReduceLrOnPlateau.choices().split(", ")));
    plateauSettings = SettingParams.plateau(owner);
    localSteps = (IntParam) SettingParams.of(owner, LocalSgd.STEPS, LocalSgd.STEPS.doc());
    localWarmupSteps = (IntParam) SettingParams.of(owner, LocalSgd.WARMUP_STEPS,
        LocalSgd.WARMUP_STEPS.doc());
    localState = new Param<>(owner, "localState", "periodic averaging: what the optimizer state"
        + " does across a round: average (averaged with the weights, travels with them) or reset"
        + " (fresh at each round; only weights travel)", ParamValidators.inArray(
            Arrays.stream(LocalSgd.LocalState.values()).map(LocalSgd.LocalState::key)
                .toArray(String[]::new)));
    batchSize = new IntParam(owner, "batchSize", "global minibatch size; 0: the full batch",
        ParamValidators.gtEq(0));
    epochs = new IntParam(owner, "epochs", "passes over the training data (at most, with early"
        + " stopping)", ParamValidators.gt(0));
    seed = new LongParam(owner, "seed", "seed of every random draw: initial weights, epoch order,"
        + " validation split");
    numPartitions = new IntParam(owner, "numPartitions", "partitions (blocks) of the cached"
        + " training data; 0: Spark's default parallelism", ParamValidators.gtEq(0));
    validationFraction = new DoubleParam(owner, "validationFraction", "fraction of the rows held"
        + " out and scored after every epoch (Keras' validation_split); 0: none",
        ParamValidators.inRange(0, 1, true, false));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol", "name of a boolean"
        + " column, true for the rows that form the validation set (as MLlib's gradient-boosted"
        + " trees take it); empty: none");
    weightCol = new Param<>(owner, "weightCol", "name of a numeric column of sample weights"
        + " (finite, at least 0): loss and gradient are weighted sums divided by the batch's sum"
        + " of weights, and validation loss is weighted; empty: every weight 1");
    classWeights = new Param<>(owner, "classWeights", "class weights multiplying each example's"
        + " weight by its class's: 'balanced' (n / (k · count_c) over the training rows, k the"
        + " classes present) or one number per class, comma-separated; empty: none",
        (String s) -> dev.neuron.train.ClassWeights.valid(s));
    patience = new IntParam(owner, "patience", "early stopping: epochs without improvement of the"
        + " monitored value before training stops; unset: no early stopping",
        ParamValidators.gtEq(0));
    String[] monitors = Arrays.stream(EarlyStopping.Monitor.values())
        .map(EarlyStopping.Monitor::key).toArray(String[]::new);
    monitor = new Param<>(owner, "monitor", "early stopping: " + oneOf(monitors),
        ParamValidators.inArray(monitors));
    minDelta = new DoubleParam(owner, "minDelta", "early stopping: the least change that counts"
        + " as an improvement", ParamValidators.gtEq(0));
    restoreBestWeights = new BooleanParam(owner, "restoreBestWeights", "early stopping: end with"
        + " the best epoch's weights");
  }

  /** Sets the defaults of a classifier or its model, whose params these are. */
  void setDefaults(ClassifierParams owner) {
    setSharedDefaults(owner);
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(classWeights, "");
    owner.setDefault(rawPredictionCol, "rawPrediction");
  }

  /** Sets the defaults of a regressor or its model, whose params these are. */
  void setDefaults(RegressorParams owner) {
    setSharedDefaults(owner);
    owner.setDefault(loss, Loss.MEAN_SQUARED_ERROR.key());
    owner.setDefault(delta, (double) Loss.DEFAULT_DELTA);
  }

  /**
   * Only the params the owner exposes get defaults: Spark writes every default into the saved
   * metadata and, loading, looks each up among the owner's params.
   */
  private void setSharedDefaults(NeuronParams owner) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(labelCol, "label");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(layers, new int[] {128});
    owner.setDefault(activation, "relu");
    owner.setDefault(initializer, "glorot_uniform");
    owner.setDefault(l2, (double) Network.L2.defaultValue());
    owner.setDefault(dropout, (double) Network.DROPOUT.defaultValue());
    owner.setDefault(optimizer, "adam");
    owner.setDefault(schedule, Decay.NONE.key());
    owner.setDefault(reduceLr, "off");
    owner.setDefault(batchSize, 128);
    owner.setDefault(localSteps, (int) LocalSgd.STEPS.defaultValue());
    owner.setDefault(localWarmupSteps, (int) LocalSgd.WARMUP_STEPS.defaultValue());
    owner.setDefault(localState, LocalSgd.OFF.state().key());
    owner.setDefault(epochs, 10);
    owner.setDefault(seed, 1L);
    owner.setDefault(numPartitions, 0);
    owner.setDefault(validationFraction, 0.0);
    owner.setDefault(validationIndicatorCol, "");
    owner.setDefault(weightCol, "");
    owner.setDefault(monitor, "val_loss");
    owner.setDefault(minDelta, 0.0);
    owner.setDefault(restoreBestWeights, true);
  }

  /** {@code a, b or c}, for a param's doc. */
  private static String oneOf(String[] keys) {
    return String.join(", ", Arrays.asList(keys).subList(0, keys.length - 1)) + " or "
        + keys[keys.length - 1];
  }

  private static boolean positiveUnits(int[] units) {
    return Arrays.stream(units).allMatch(u -> u > 0);
  }
}
