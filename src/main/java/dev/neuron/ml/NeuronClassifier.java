package dev.neuron.ml;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.FitSequence;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingSet;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dense softmax classifier trained by Neuron, as a Spark ML {@code Estimator}. {@code fit} reads
 * the {@code featuresCol} vectors and {@code labelCol} class indices (the class count comes from
 * the label's metadata, as StringIndexer sets it, else from the largest label) into one cached
 * block per partition, builds {@code features → layers (activation) → classes softmax} with
 * categorical cross-entropy, trains it with the synchronous distributed trainer (optionally holding out
 * {@code validationFraction} and stopping early on {@code monitor} after {@code patience} epochs
 * without improvement), releases the blocks and returns a {@link NeuronClassificationModel}.
 *
 * <pre>
 *   new NeuronClassifier().setLayers(new int[] {64}).setEpochs(5).fit(train)
 * </pre>
 */
public final class NeuronClassifier extends Estimator<NeuronClassificationModel>
    implements NeuronParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuronClassifier.class);
  private final String uid;
  private final ParamSet params;

  public NeuronClassifier() {
    this(Identifiable.randomUID("neuronClassifier"));
  }

  public NeuronClassifier(String uid) {
    this.uid = uid;
    this.params = new ParamSet(this);
    this.params.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ParamSet paramSet() {
    return params;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireNumeric(schema, getLabelCol());
    return Schemas.withOutputs(schema, this);
  }

  @Override
  public NeuronClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
        dataset.sparkSession().sparkContext());
    int partitions = getNumPartitions() > 0 ? getNumPartitions() : jsc.defaultParallelism();
    TrainOptions options = trainOptions();
    EarlyStopping stopping = earlyStopping();
    String indicator = getValidationIndicatorCol();
    if (!indicator.isEmpty() && getValidationFraction() > 0) {
      throw new IllegalArgumentException("validationFraction and validationIndicatorCol are both"
          + " set; choose one source of validation rows");
    }
    if (stopping != null && stopping.monitor().needsValidation()
        && getValidationFraction() == 0 && indicator.isEmpty()) {
      throw new IllegalArgumentException("early stopping monitors " + getMonitor() + ", which"
          + " needs validationFraction > 0 or a validationIndicatorCol (or monitor loss or"
          + " accuracy)");
    }
    Dataset<?> trainRows = dataset;
    Dataset<?> validationRows = null;
    if (!indicator.isEmpty()) {
      Schemas.requireBoolean(dataset.schema(), indicator);
      trainRows = dataset.filter(functions.not(functions.col(indicator)));
      validationRows = dataset.filter(functions.col(indicator));
    }
    RowBlocks.Converted data = RowBlocks.convert(trainRows, getFeaturesCol(), getLabelCol(),
        partitions, 0);
    TrainingSet validation = null;
    try {
      if (validationRows != null) {
        validation = RowBlocks.convert(validationRows, getFeaturesCol(), getLabelCol(),
            partitions, data.classes()).set();
      }
    } catch (RuntimeException e) {
      data.set().release();
      throw e;
    }
    Network net = network(data.set().inputs(), data.classes());
    FitSequence.Outcome fit = FitSequence.on(jsc).withEarlyStopping(stopping)
        .withOutput(NeuronClassifier::log, LOG::info)
        .fit(data.set(), validation, getValidationFraction(), net, options);
    NeuronClassificationModel model = new NeuronClassificationModel(uid, net,
        fit.state().params(), fit.records());
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  private static void log(EpochRecord r) {
    LOG.info("epoch {}: loss {} accuracy {}{}", r.epoch(), r.loss(), r.accuracy(),
        r.hasValidation() ? " val_loss " + r.valLoss() + " val_accuracy " + r.valAccuracy() : "");
  }

  Network network(int inputs, int classes) {
    Network.Builder b = Network.input(inputs).loss(Loss.CATEGORICAL_CROSSENTROPY);
    Activation hidden = Activation.fromKey(getActivation());
    for (int units : getLayers()) {
      b.dense(units, hidden);
    }
    return b.dense(classes, Activation.SOFTMAX).build();
  }

  TrainOptions trainOptions() {
    UpdateRule rule = UpdateRule.fromKey(getOptimizer());
    Map<String, String> settings = new TreeMap<>();
    paramSet().optimizerSettings.forEach((key, p) -> {
      if (!isSet(p)) {
        return;
      }
      if (!rule.takes(key)) {
        throw new IllegalArgumentException(p.name() + " is set, but it is not a setting of"
            + " optimizer " + rule.key() + " (which takes " + rule.settings().stream()
            .map(Setting::paramName).toList() + ")");
      }
      settings.put(key, String.valueOf(getOrDefault(p)));
    });
    return new TrainOptions(getEpochs(), getBatchSize(), rule.create(settings),
        Initializer.fromKey(getInitializer()), getSeed());
  }

  /** Early stopping as the params say, or {@code null} when {@code patience} is unset. */
  EarlyStopping earlyStopping() {
    if (!isSet(patience())) {
      return null;
    }
    return new EarlyStopping(EarlyStopping.Monitor.fromKey(getMonitor()), getPatience(),
        getMinDelta(), getRestoreBestWeights());
  }

  @Override
  public NeuronClassifier copy(ParamMap extra) {
    return (NeuronClassifier) defaultCopy(extra);
  }

  public NeuronClassifier setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return this;
  }

  public static MLReader<NeuronClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuronClassifier load(String path) {
    return read().load(path);
  }

  public NeuronClassifier setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public NeuronClassifier setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  public NeuronClassifier setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  public NeuronClassifier setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  public NeuronClassifier setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return this;
  }

  public NeuronClassifier setLayers(int[] value) {
    set(layers(), value);
    return this;
  }

  public NeuronClassifier setActivation(String value) {
    set(activation(), value);
    return this;
  }

  public NeuronClassifier setInitializer(String value) {
    set(initializer(), value);
    return this;
  }

  public NeuronClassifier setOptimizer(String value) {
    set(optimizer(), value);
    return this;
  }

  public NeuronClassifier setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  public NeuronClassifier setMomentum(double value) {
    set(momentum(), value);
    return this;
  }

  public NeuronClassifier setNesterov(boolean value) {
    set(nesterov(), value);
    return this;
  }

  public NeuronClassifier setBeta1(double value) {
    set(beta1(), value);
    return this;
  }

  public NeuronClassifier setBeta2(double value) {
    set(beta2(), value);
    return this;
  }

  public NeuronClassifier setRho(double value) {
    set(rho(), value);
    return this;
  }

  public NeuronClassifier setEpsilon(double value) {
    set(epsilon(), value);
    return this;
  }

  public NeuronClassifier setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  public NeuronClassifier setEpochs(int value) {
    set(epochs(), value);
    return this;
  }

  public NeuronClassifier setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public NeuronClassifier setNumPartitions(int value) {
    set(numPartitions(), value);
    return this;
  }

  public NeuronClassifier setValidationFraction(double value) {
    set(validationFraction(), value);
    return this;
  }

  public NeuronClassifier setPatience(int value) {
    set(patience(), value);
    return this;
  }

  public NeuronClassifier setMonitor(String value) {
    set(monitor(), value);
    return this;
  }

  public NeuronClassifier setMinDelta(double value) {
    set(minDelta(), value);
    return this;
  }

  public NeuronClassifier setRestoreBestWeights(boolean value) {
    set(restoreBestWeights(), value);
    return this;
  }
}
