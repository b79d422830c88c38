package dev.neuron.bench;

import dev.neuron.cli.Train;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The workload from which jobs/lib.sh records the JVM's class-data archive
 * ({@code -XX:ArchiveClassesAtExit}, target/neuron.jsa): trains a small network on 512 random
 * 28×28 IDX images written to a temporary folder, once in gang mode and once one job per step,
 * with the test scoring and the output files of a real run, so the archive holds the classes a
 * training run loads. Later JVMs map those classes parsed and verified instead of reading them
 * from ~200 jars: on the 2-core machine this project is measured on, that saves about 7 CPU
 * seconds of a run's start-up (docs/performance.md). Exits non-zero if either run fails.
 */
public final class ClassDataWarmup {
  private static final int EXAMPLES = 512;
  private static final int SIDE = 28;

  private ClassDataWarmup() {}

  public static void main(String[] argv) throws IOException {
    Path dir = Files.createTempDirectory("neuron-warmup");
    try {
      writeIdx(dir);
      for (String mode : new String[] {"gang", "jobs"}) {
        int code = Train.run(new String[] {"--data", dir.toString(), "--out",
            dir.resolve("out-" + mode).toString(), "--epochs", "1", "--mode", mode,
            "--set", "model.layers=32:relu,10:softmax"});
        if (code != 0) {
          System.exit(code);
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    // Spark 3.5 leaves a non-daemon timer thread behind after a barrier stage in local mode, which
    // would keep this JVM (and the script that waits for its archive) alive forever.
    System.exit(0);
  }

  /** train and t10k: IDX images (magic 0x803) of random pixels and labels (0x801) 0..9. */
  private static void writeIdx(Path dir) {
    SplittableRandom rnd = new SplittableRandom(1);
    ByteBuffer images = ByteBuffer.allocate(16 + EXAMPLES * SIDE * SIDE);
    images.putInt(0x803).putInt(EXAMPLES).putInt(SIDE).putInt(SIDE);
    while (images.hasRemaining()) {
      images.put((byte) rnd.nextInt(256));
    }
    ByteBuffer labels = ByteBuffer.allocate(8 + EXAMPLES);
    labels.putInt(0x801).putInt(EXAMPLES);
    while (labels.hasRemaining()) {
      labels.put((byte) rnd.nextInt(10));
    }
    for (String prefix : new String[] {"train", "t10k"}) {
      try {
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
