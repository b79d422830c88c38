package dev.neuron.ml;

import dev.neuron.nn.Network;
import dev.neuron.onnx.OnnxExport;
import dev.neuron.train.EpochRecord;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * What Neuron's models share: the uid and {@link ParamSet}, the network and its weights, the
 * fit's history, scoring rows in blocks ({@link ScoreRows}) and persistence ({@link ModelFiles}:
 * Spark's {@code metadata/} plus {@code data/model.nrn}).
 *
 * @param <M> the concrete model
 */
public abstract class NeuronModel<M extends NeuronModel<M>> extends Model<M>
    implements NeuronParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ParamSet params;
  private final Network network;
  private final float[] weights;
  private final List<EpochRecord> history;

  NeuronModel(String uid, Network network, float[] weights, List<EpochRecord> history) {
    this.uid = uid;
    this.params = new ParamSet(this);
    this.network = network;
    this.weights = weights;
    this.history = List.copyOf(history);
  }

  /** Builds a concrete model from its parts (the reader's and {@code copy}'s constructor). */
  @FunctionalInterface
  interface Factory<M> {
    M create(String uid, Network network, float[] weights, List<EpochRecord> history);
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

  public int numFeatures() {
    return network.inputSize();
  }

  /** The fit's per-epoch history (loss, accuracy, validation); empty for a loaded model. */
  public List<EpochRecord> history() {
    return history;
  }

  /**
   * The network and weights as a serialized ONNX model ({@link OnnxExport}): input {@code input}
   * {@code [N, numFeatures]} float, output {@code output}, the softmax probabilities or the
   * regression outputs.
   */
  public byte[] toOnnx() {
    String version = NeuronModel.class.getPackage().getImplementationVersion();
    return OnnxExport.toBytes(network, weights, version == null ? "dev" : version);
  }

  @SuppressWarnings("unchecked")
  public M setFeaturesCol(String value) {
    set(featuresCol(), value);
    return (M) this;
  }

  @SuppressWarnings("unchecked")
  public M setPredictionCol(String value) {
    set(predictionCol(), value);
    return (M) this;
  }

  /** The rows with the output columns asked for appended, as {@code out} describes them. */
  Dataset<Row> score(Dataset<?> dataset, StructType out, boolean raw, boolean probability) {
    Dataset<Row> df = dataset.toDF();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    // Not destroyed: the result is lazy and may be recomputed; it goes when the model does.
    Broadcast<float[]> bc = jsc.broadcast(weights);
    return df.mapPartitions(new ScoreRows(bc, network, df.schema().fieldIndex(getFeaturesCol()),
        getFeaturesCol(), new ScoreRows.Appended(raw, probability,
            !getPredictionCol().isEmpty())), Encoders.row(out));
  }

  /** A copy with the same parts, made by {@code factory}, its params copied with {@code extra}. */
  M copy(Factory<M> factory, org.apache.spark.ml.param.ParamMap extra) {
    M m = factory.create(uid, network, weights, history);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + network.describe();
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  private static final class Writer extends MLWriter {
    private final NeuronModel<?> model;

    Writer(NeuronModel<?> model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      ModelFiles.save(model, model.network, model.weights, path, sc());
    }
  }

  /** Reads a model saved by {@link #write()} back into the concrete type. */
  static final class Reader<M extends NeuronModel<M>> extends MLReader<M> {
    private final Class<M> type;
    private final Factory<M> factory;

    Reader(Class<M> type, Factory<M> factory) {
      this.type = type;
      this.factory = factory;
    }

    @Override
    public M load(String path) {
      ModelFiles.Loaded l = ModelFiles.load(path, sc(), type);
      M m = factory.create(l.metadata().uid(), l.saved().network(), l.saved().params(),
          List.of());
      l.metadata().getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
