package dev.neuron.ml;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.read.Columns;
import dev.neuron.read.RowBlocks;
import dev.neuron.train.ClassWeights;
import dev.neuron.train.TrainOptions;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
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
public final class NeuronClassifier
    extends NeuronEstimator<NeuronClassifier, NeuronClassificationModel>
    implements ClassifierParams {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuronClassifier.class);

  public NeuronClassifier() {
    this(Identifiable.randomUID("neuronClassifier"));
  }

  public NeuronClassifier(String uid) {
    super(uid);
    paramSet().setDefaults(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireNumeric(schema, getLabelCol());
    return Schemas.withOutputs(schema, this);
  }

  @Override
  public NeuronClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    EstimatorFit.Fitted fitted = EstimatorFit.fit(this, dataset,
        (rows, partitions, classes) -> RowBlocks.convert(rows, getFeaturesCol(), getLabelCol(),
            getWeightCol(), partitions, classes),
        (hidden, classes) -> hidden.dense(classes, Activation.SOFTMAX)
            .loss(Loss.CATEGORICAL_CROSSENTROPY),
        ClassWeights.parse(getClassWeights()), LOG);
    NeuronClassificationModel model = new NeuronClassificationModel(uid(), fitted.net(),
        fitted.outcome().state().params(), fitted.outcome().records());
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  TrainOptions trainOptions() {
    return EstimatorFit.trainOptions(this);
  }

  @Override
  public NeuronClassifier copy(ParamMap extra) {
    return (NeuronClassifier) defaultCopy(extra);
  }

  public static MLReader<NeuronClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuronClassifier load(String path) {
    return read().load(path);
  }

  /** {@code balanced}, or one weight per class, comma-separated ({@code "1,5"}); empty: none. */
  public NeuronClassifier setClassWeights(String value) {
    set(classWeights(), value);
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
}
