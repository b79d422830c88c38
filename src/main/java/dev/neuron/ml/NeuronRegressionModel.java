package dev.neuron.ml;

import dev.neuron.nn.Network;
import dev.neuron.read.Columns;
import dev.neuron.train.EpochRecord;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained regression network as a Spark ML {@code Model}: {@code transform} appends
 * {@code prediction}, the network's output for the row's features (a double for one output, so
 * {@code RegressionEvaluator} reads it; a vector for several). Saved like
 * {@link NeuronClassificationModel} ({@link ModelFiles}).
 */
public final class NeuronRegressionModel extends NeuronModel<NeuronRegressionModel>
    implements RegressorParams {
  private static final long serialVersionUID = 1L;

  NeuronRegressionModel(String uid, Network network, float[] weights,
      List<EpochRecord> history) {
    super(uid, network, weights, history);
    if (!network.isRegression()) {
      throw new IllegalArgumentException("expected a regression network (linear output, a"
          + " regression loss), found " + network.describe());
    }
    paramSet().setDefaults(this);
  }

  public int numOutputs() {
    return network().outputSize();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.requireVector(schema, getFeaturesCol());
    return getPredictionCol().isEmpty() ? schema : Schemas.append(schema, getPredictionCol(),
        numOutputs() == 1 ? DataTypes.DoubleType : SQLDataTypes.VectorType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return score(dataset, transformSchema(dataset.schema()), false, false);
  }

  @Override
  public NeuronRegressionModel copy(ParamMap extra) {
    return copy(NeuronRegressionModel::new, extra);
  }

  public static MLReader<NeuronRegressionModel> read() {
    return new NeuronModel.Reader<>(NeuronRegressionModel.class, NeuronRegressionModel::new);
  }

  public static NeuronRegressionModel load(String path) {
    return read().load(path);
  }
}
