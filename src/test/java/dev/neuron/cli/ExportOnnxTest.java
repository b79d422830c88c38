package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.onnx.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportOnnxTest {
  @TempDir
  Path dir;

  @Test
  void writesTheGraphOfTheModelDirectoryAndRefusesToOverwrite() throws Exception {
    Network net = Network.input(4).dense(3, Activation.RELU).dense(2, Activation.SOFTMAX).build();
    float[] p = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
    Path model = Files.createDirectory(dir.resolve("model"));
    ModelFile.write(new Configuration(), model.resolve(ModelFile.NAME).toString(),
        new SavedModel(net, p, Map.of()));
    Path out = dir.resolve("m.onnx");
    assertEquals(0, ExportOnnx.run(new String[] {"--model", model.toString(), "--out",
        out.toString()}));
    assertArrayEquals(OnnxExport.toBytes(net, p, "0.1.0"), Files.readAllBytes(out));
    assertEquals(2, ExportOnnx.run(new String[] {"--model", model.toString(), "--out",
        out.toString()}));
    try (var files = Files.list(dir)) {
      assertEquals(java.util.List.of("m.onnx", "model"),
          files.map(f -> f.getFileName().toString()).sorted().toList(),
          "nothing but the model and the ONNX file");
    }
  }

  @Test
  void badArgumentsAndMissingModelsExitWithTwo() {
    assertEquals(2, ExportOnnx.run(new String[] {"--model", dir.toString()}));
    assertEquals(2, ExportOnnx.run(new String[] {"--bogus", "x"}));
    Path out = dir.resolve("x.onnx");
    assertEquals(2, ExportOnnx.run(new String[] {"--model", dir.resolve("none").toString(),
        "--out", out.toString()}));
    assertFalse(Files.exists(out));
  }
}
