package dev.neuron.ml;

import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Network;
import dev.neuron.train.EpochRecord;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained network as a Spark ML {@code Model}: {@code transform} appends, like MLlib's
 * probabilistic classifiers, {@code rawPrediction} (the logits), {@code probability} (their
 * softmax) and {@code prediction} (the most probable class index, a double); a column whose name
 * param is empty is left out. Saved as Spark ML's {@code metadata} (its params) plus the network
 * and weights as Neuron's model file in {@code data/model.nrn}.
 */
public final class NeuronClassificationModel extends Model<NeuronClassificationModel>
    implements NeuronParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ParamSet params;
  private final Network network;
  private final float[] weights;
  private final List<EpochRecord> history;

  NeuronClassificationModel(String uid, Network network, float[] weights,
      List<EpochRecord> history) {
    this.uid = uid;
    this.params = new ParamSet(this);
    this.params.setDefaults(this);
    this.network = network;
    this.weights = weights;
    this.history = List.copyOf(history);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ParamSet paramSet() {
    return params;
  }

  public Network network() {
    return network;
  }

  /** A copy of the weights, laid out as {@link Network} describes. */
  public float[] weights() {
    return weights.clone();
  }

  public int numClasses() {
    return network.outputSize();
  }

  public int numFeatures() {
    return network.inputSize();
  }

  /** The fit's per-epoch history (loss, accuracy, validation); empty for a loaded model. */
  public List<EpochRecord> history() {
    return history;
  }

  public NeuronClassificationModel setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public NeuronClassificationModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
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
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    // Not destroyed: the result is lazy and may be recomputed; it goes when the model does.
    Broadcast<float[]> bc = jsc.broadcast(weights);
    return df.mapPartitions(new ScoreRows(bc, network, df.schema().fieldIndex(getFeaturesCol()),
        getFeaturesCol(), !getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
        !getPredictionCol().isEmpty()), Encoders.row(out));
  }

  @Override
  public NeuronClassificationModel copy(ParamMap extra) {
    NeuronClassificationModel m = new NeuronClassificationModel(uid, network, weights, history);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<NeuronClassificationModel> read() {
    return new Reader();
  }

  public static NeuronClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "NeuronClassificationModel: uid=" + uid + ", " + network.describe();
  }

  static String newUid() {
    return Identifiable.randomUID("neuronClassificationModel");
  }

  private static final class Writer extends MLWriter {
    private final NeuronClassificationModel model;

    Writer(NeuronClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      // The SparkContext overloads are the ones Spark 3.5 and 4.x both have.
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      ModelFile.write(sc().hadoopConfiguration(), new Path(new Path(path, "data"),
          ModelFile.NAME).toString(), new SavedModel(model.network, model.weights,
              Map.of("spark.uid", model.uid)));
    }
  }

  private static final class Reader extends MLReader<NeuronClassificationModel> {
    @Override
    public NeuronClassificationModel load(String path) {
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sc(),
          NeuronClassificationModel.class.getName());
      SavedModel saved = ModelFile.read(sc().hadoopConfiguration(),
          new Path(path, "data").toString());
      NeuronClassificationModel m = new NeuronClassificationModel(md.uid(), saved.network(),
          saved.params(), List.of());
      md.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
