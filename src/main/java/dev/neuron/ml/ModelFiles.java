package dev.neuron.ml;

import dev.neuron.io.FormatException;
import dev.neuron.io.ModelFile;
import dev.neuron.io.OutputDir;
import java.io.IOException;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Network;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import scala.Option;

/**
 * How a Neuron model is laid out under a Spark ML path: Spark's {@code metadata/} (the params)
 * plus the network and weights as Neuron's model file in {@code data/model.nrn}, then an empty
 * {@code data/_SUCCESS}. Spark writes a model's folders in place, on every file system, so the
 * marker, written last, is what tells a complete model from one whose save failed half-way; a
 * {@code data/} folder without it is refused on load. The SparkContext overloads are the ones Spark
 * 3.5 and 4.x both have.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** What a saved model's path holds. */
  record Loaded(DefaultParamsReader.Metadata metadata, SavedModel saved) {}

  static void save(Params model, Network net, float[] weights, String path, SparkContext sc) {
    DefaultParamsWriter.saveMetadata(model, path, sc, Option.empty(), Option.empty());
    ModelFile.write(sc.hadoopConfiguration(), new Path(new Path(path, "data"), ModelFile.NAME)
        .toString(), new SavedModel(net, weights, Map.of("spark.uid", model.uid())));
    Path marker = new Path(new Path(path, "data"), OutputDir.MARKER);
    try {
      marker.getFileSystem(sc.hadoopConfiguration()).create(marker, false).close();
    } catch (IOException e) {
      throw new FormatException(marker + ": cannot write: " + e.getMessage(), e);
    }
  }

  static Loaded load(String path, SparkContext sc, Class<?> type) {
    Path data = new Path(path, "data");
    try {
      FileSystem fs = data.getFileSystem(sc.hadoopConfiguration());
      if (!fs.exists(new Path(data, OutputDir.MARKER))) {
        throw new FormatException(data + ": no " + OutputDir.MARKER + " marker: not a complete"
            + " Neuron model (its save failed or is still writing, or the path is not a model)");
      }
    } catch (IOException e) {
      throw new FormatException(data + ": cannot read: " + e.getMessage(), e);
    }
    return new Loaded(DefaultParamsReader.loadMetadata(path, sc, type.getName()),
        ModelFile.read(sc.hadoopConfiguration(), new Path(path, "data").toString()));
  }
}
