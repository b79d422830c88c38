package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.MiniHdfs;
import dev.neuron.data.ExampleBlock;
import dev.neuron.read.IdxDataset;
import dev.neuron.eval.BlockScorer;
import dev.neuron.eval.Metrics;
import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The training job against a real HDFS (MiniDFSCluster): MNIST IDX read from {@code hdfs://}, the
 * model, metrics and checkpoints written there, then read back and evaluated from there. An integration test
 * (failsafe, own JVM) because the job stops its SparkSession when it ends.
 */
class HdfsTrainIT {
  @Test
  void trainsFromHdfsWritesThereAndTheModelEvaluatesFromThere() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      String data = hdfs.copyMnist("/mnist", 6000, 1000);
      String out = hdfs.uri("/runs/small");
      int code = Train.run(new String[] {"--config", "conf/mnist-mlp.properties",
          "--data", data, "--out", out, "--epochs", "1", "--partitions", "2",
          "--master", "local[2]"});
      assertEquals(0, code);

      assertEquals(List.of("small", "small.checkpoints"), names(hdfs, "/runs"),
          "the committed output and its checkpoints, no staging directory");
      assertFalse(names(hdfs, "/runs/small.checkpoints").isEmpty(), "checkpoints on HDFS");
      assertTrue(names(hdfs, "/runs/small").containsAll(
          List.of("model.nrn", "metrics.json", "history.csv", "curves.png")));
      JsonNode metrics = new ObjectMapper().readTree(hdfs.read(out + "/metrics.json"));
      double accuracy = metrics.at("/test/accuracy").asDouble();
      assertEquals(1000, metrics.at("/test/count").asLong());
      assertEquals(1, metrics.at("/executors_blas").size(), "local mode: the driver JVM only");

      Configuration conf = hdfs.fs().getConf();
      SavedModel model = ModelFile.read(conf, out);
      assertEquals(data, model.provenance().get("data.dir"));
      IdxDataset test = IdxDataset.inDirectory(conf, data, "t10k");
      ExampleBlock block = test.read(conf, 0, (int) test.count(), 10);
      Metrics again = new Metrics(10, 5);
      new BlockScorer(model.network(), model.params()).score(block, again);
      assertEquals(accuracy, again.accuracy(), 0.0, "the model read back scores as it did");
      assertTrue(accuracy > 0.8, "one epoch over 6000 images, found accuracy " + accuracy);

      String written = hdfs.read(out + "/metrics.json");
      int refused = Train.run(new String[] {"--config", "conf/mnist-mlp.properties",
          "--data", data, "--out", out, "--epochs", "1", "--master", "local[2]"});
      assertEquals(2, refused, "an existing output is refused");
      assertEquals(List.of("small", "small.checkpoints"), names(hdfs, "/runs"));
      assertEquals(written, hdfs.read(out + "/metrics.json"), "and left as it was");
    }
  }

  private static List<String> names(MiniHdfs hdfs, String dir) throws java.io.IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus f : hdfs.fs().listStatus(new Path(hdfs.uri(dir)))) {
      names.add(f.getPath().getName());
    }
    Collections.sort(names);
    return names;
  }
}
