package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every main answers {@code --help} (or {@code -h}) with its usage on standard output and exit 0,
 * and a wrong option with exit 2, before starting Spark.
 */
class UsageTest {
  private static final Map<String, ToIntFunction<String[]>> MAINS = Map.of(
      "usage: train", Train::run,
      "usage: evaluate", Evaluate::run,
      "usage: predict", Predict::run,
      "usage: export-onnx", ExportOnnx::run,
      "usage: make-image-set", MakeImageSet::run);

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    MAINS.forEach((usage, main) -> {
      for (String flag : new String[] {"--help", "-h"}) {
        String out = stdout(() -> assertEquals(0, main.applyAsInt(new String[] {"--out", "x",
            flag}), usage + " " + flag));
        assertTrue(out.startsWith(usage), usage + " " + flag + " printed: " + out);
      }
    });
  }

  @Test
  void aWrongOptionIsAUsageError() {
    MAINS.forEach((usage, main) -> assertEquals(ExitCode.BAD_INPUT,
        main.applyAsInt(new String[] {"--no-such-option", "1"}), usage));
  }

  private static String stdout(Runnable r) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
