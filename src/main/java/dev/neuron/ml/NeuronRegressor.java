package dev.neuron.ml;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.read.Columns;
import dev.neuron.read.RowBlocks;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.TrainOptions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dense regression network trained by Neuron, as a Spark ML {@code Estimator}. {@code fit} reads
 * the {@code featuresCol} vectors and the {@code labelCol} targets (a number, or a vector with one
 * value per output) into one cached block per partition, builds
 * {@code features → layers (activation) → outputs linear} with the {@code loss} (mean squared
 * error, mean absolute error, or Huber with {@code delta}), trains it like
 * {@link NeuronClassifier} (validation, early stopping on {@code loss} or {@code val_loss}) and
 * returns a {@link NeuronRegressionModel}, whose {@code prediction} is a double (one output, as
 * {@code RegressionEvaluator} reads it) or a vector.
 *
 * <pre>
 *   new NeuronRegressor().setLayers(new int[] {64}).setLoss("huber").setDelta(0.5).fit(train)
 * </pre>
 */
public final class NeuronRegressor extends NeuronEstimator<NeuronRegressor, NeuronRegressionModel>
    implements RegressorParams {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuronRegressor.class);

  public NeuronRegressor() {
    this(Identifiable.randomUID("neuronRegressor"));
  }

  public NeuronRegressor(String uid) {
    super(uid);
    paramSet().setDefaults(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireTarget(schema, getLabelCol());
    Columns.requireVector(schema, getFeaturesCol());
    return getPredictionCol().isEmpty() ? schema : Schemas.append(schema, getPredictionCol(),
        Columns.isVector(schema, getLabelCol()) ? SQLDataTypes.VectorType()
            : DataTypes.DoubleType);
  }

  @Override
  public NeuronRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    EarlyStopping stopping = EstimatorFit.earlyStopping(this);
    if (stopping != null && stopping.monitor().key().endsWith("accuracy")) {
      throw new IllegalArgumentException("early stopping monitors " + getMonitor() + ", but a"
          + " regression has no accuracy; monitor loss or val_loss");
    }
    Loss loss = Loss.fromKey(getLoss());
    float delta = (float) getDelta();
    EstimatorFit.Fitted fitted = EstimatorFit.fit(this, dataset,
        (rows, partitions, outputs) -> RowBlocks.convertTargets(rows, getFeaturesCol(),
            getLabelCol(), getWeightCol(), partitions, outputs),
        (hidden, outputs) -> hidden.dense(outputs, Activation.LINEAR).loss(loss)
            .huberDelta(delta), null, LOG);
    NeuronRegressionModel model = new NeuronRegressionModel(uid(), fitted.net(),
        fitted.outcome().state().params(), fitted.outcome().records());
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  TrainOptions trainOptions() {
    return EstimatorFit.trainOptions(this);
  }

  @Override
  public NeuronRegressor copy(ParamMap extra) {
    return (NeuronRegressor) defaultCopy(extra);
  }

  public static MLReader<NeuronRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuronRegressor load(String path) {
    return read().load(path);
  }

  public NeuronRegressor setLoss(String value) {
    set(loss(), value);
    return this;
  }

  public NeuronRegressor setDelta(double value) {
    set(delta(), value);
    return this;
  }
}
