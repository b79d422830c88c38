package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  private static final Configuration CONF = new Configuration();
  @TempDir Path dir;

  @Test
  void roundTripsThroughAnAtomicOutputDirectory() {
    Network net = Network.input(7).dense(5, Activation.TANH).dense(3, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    float[] params = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
    String target = dir.resolve("model").toString();
    OutputDir out = OutputDir.create(CONF, target);
    ModelFile.write(CONF, out.file(ModelFile.NAME), new SavedModel(net, params, Map.of("a", "b")));
    assertFalse(Files.exists(Path.of(target)), "nothing under the final path before the commit");
    out.commit();

    SavedModel back = ModelFile.read(CONF, target);
    assertEquals(net, back.network());
    assertArrayEquals(params, back.params());
    assertEquals(Map.of("a", "b"), back.provenance());
    assertThrows(IllegalArgumentException.class, () -> OutputDir.create(CONF, target));
  }

  @Test
  void abortLeavesNothing() throws Exception {
    OutputDir out = OutputDir.create(CONF, dir.resolve("never").toString());
    out.writeText("half.txt", "x");
    out.abort();
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void rejectsAFileThatIsNotAModel() throws Exception {
    Path p = dir.resolve("model.nrn");
    Files.writeString(p, "definitely not a model");
    FormatException e = assertThrows(FormatException.class,
        () -> ModelFile.read(CONF, p.toString()));
    assertTrue(e.getMessage().contains("magic: expected \"NRNMODEL\""), e.getMessage());
  }
}
