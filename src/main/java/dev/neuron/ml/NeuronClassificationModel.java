package dev.neuron.ml;

import dev.neuron.nn.Network;
import dev.neuron.train.EpochRecord;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained network as a Spark ML {@code Model}: {@code transform} appends, like MLlib's
 * probabilistic classifiers, {@code rawPrediction} (the logits), {@code probability} (their
 * softmax) and {@code prediction} (the most probable class index, a double); a column whose name
 * param is empty is left out. Saved as Spark ML's {@code metadata} (its params) plus the network
 * and weights as Neuron's model file in {@code data/model.nrn}.
 */
public final class NeuronClassificationModel extends NeuronModel<NeuronClassificationModel>
    implements ClassifierParams {
  private static final long serialVersionUID = 1L;

  NeuronClassificationModel(String uid, Network network, float[] weights,
      List<EpochRecord> history) {
    super(uid, network, weights, history);
    paramSet().setDefaults(this);
  }

  public int numClasses() {
    return network().outputSize();
  }

  public NeuronClassificationModel setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  public NeuronClassificationModel setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return Schemas.withOutputs(schema, this);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return score(dataset, transformSchema(dataset.schema()), !getRawPredictionCol().isEmpty(),
        !getProbabilityCol().isEmpty());
  }

  @Override
  public NeuronClassificationModel copy(ParamMap extra) {
    return copy(NeuronClassificationModel::new, extra);
  }

  public static MLReader<NeuronClassificationModel> read() {
    return new NeuronModel.Reader<>(NeuronClassificationModel.class,
        NeuronClassificationModel::new);
  }

  public static NeuronClassificationModel load(String path) {
    return read().load(path);
  }
}
