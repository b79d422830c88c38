package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.HadoopConf;
import dev.neuron.data.Renumber;
import dev.neuron.data.TrainingSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every task of a job-per-step run carries besides its step: the cached blocks' lineage and
 * its partition. Neither may hold the training data or the whole Hadoop configuration.
 */
@ExtendWith(LocalSpark.class)
class TrainingSetLineageTest {

  @Test
  void aSharedHadoopConfTravelsAsAHandleAndArrivesWhole(JavaSparkContext jsc) throws Exception {
    jsc.hadoopConfiguration().set("neuron.test.lineage", "kept");
    int inline = serialize(new HadoopConf(jsc.hadoopConfiguration())).length;
    byte[] shared = serialize(HadoopConf.shared(jsc));
    assertTrue(inline > 20_000, "the whole configuration is large: " + inline + " bytes");
    assertTrue(shared.length < 2_000, "a shared one is a handle: " + shared.length + " bytes");
    HadoopConf copy = (HadoopConf) deserialize(shared);
    assertEquals("kept", copy.get().get("neuron.test.lineage"));
    assertEquals(jsc.hadoopConfiguration().size(), copy.get().size());
  }

  @Test
  void inLocalModeATaskDoesNotCarryItsPartitionsExamples(JavaSparkContext jsc) throws Exception {
    ExampleBlock all = Fixtures.randomBlock(3, 0, 4000, 50, 3);
    ExampleBlock[] parts = Fixtures.split(all, 1500, 2500);
    // As Spark ML hands them over: an in-memory source whose partitions hold the data.
    TrainingSet set = Renumber.toTrainingSet(jsc.parallelize(Arrays.asList(parts), 2), 50, 3);
    int carried = serialize(set.blocks().rdd().partitions()).length;
    assertTrue(carried < 2_000, "partitions travel with every task: " + carried + " bytes");
    assertEquals(4000, set.count());
    assertEquals(4000L, set.blocks().map(ExampleBlock::rows).reduce(Integer::sum).longValue());
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }
}
