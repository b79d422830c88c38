package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.read.ImageSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training job on a PNG class-folder tree and on a Parquet set (400 MNIST test images each),
 * through the scoring jobs' readers: it trains and scores the IDX test set given by path; a
 * corrupt image fails the run naming the file, or is skipped and counted with --skip-invalid.
 */
class TrainFormatsTest {
  @TempDir
  static Path tmp;
  static Path png;
  static Path parquet;

  @BeforeAll
  static void data() throws IOException {
    SparkSession spark = LocalSpark.session();
    png = tmp.resolve("png");
    parquet = tmp.resolve("parquet");
    Files.createDirectories(png);
    ImageSets.write(spark, Fixtures.mnist("t10k"), 400, 1, ImageSets.Layout.PNG, png.toString(), 2);
    ImageSets.write(spark, Fixtures.mnist("t10k"), 400, 1, ImageSets.Layout.PARQUET_BYTES,
        parquet.toString(), 2);
  }

  private static String[] args(Path data, String format, Path out, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("--data", data.toString(), "--format",
        format, "--out", out.toString(), "--partitions", "2", "--epochs", "2", "--batch-size",
        "20", "--set", "model.layers=32:relu,10:softmax", "--set", "data.test="
        + Fixtures.MNIST.resolve("t10k"), "--storage-level", "MEMORY_AND_DISK"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  private static JsonNode metrics(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
  }

  @Test
  void pngFoldersAndParquetTrainAndScoreTheIdxTestSet() throws IOException {
    for (String[] run : new String[][] {{"images", png.toString()},
        {"parquet", parquet.toString()}}) {
      Path out = tmp.resolve("out-" + run[0]);
      assertEquals(0, Train.run(args(Path.of(run[1]), run[0], out)), run[0]);
      JsonNode m = metrics(out);
      assertEquals(10000, m.get("test").get("count").asLong());
      // 400 images, 2 epochs: far from 0.98, far above chance (0.1).
      assertTrue(m.get("test").get("accuracy").asDouble() > 0.5, run[0] + ": " + m.get("test"));
      assertEquals(run[0], m.get("config").get("data.format").asText());
    }
  }

  @Test
  void balancedClassWeightsAreTheTrainingClassesInverseFrequencies() throws IOException {
    Path out = tmp.resolve("out-class-weights");
    assertEquals(0, Train.run(args(parquet, "parquet", out, "--epochs", "1", "--set",
        "data.class_weights=balanced")));
    JsonNode w = metrics(out).get("class_weights");
    // n / (k · count_c) over the 400 training images, counted here from the Parquet labels.
    List<Row> counts = LocalSpark.session().read().parquet(parquet.toString()).groupBy("label")
        .count().collectAsList();
    assertEquals(10, w.size());
    assertEquals(10, counts.size());
    for (Row r : counts) {
      int c = ((Number) r.get(0)).intValue();
      assertEquals(400.0 / (10 * r.getLong(1)), w.get(c).asDouble(), 1e-6, "class " + c);
    }
  }

  @Test
  void aCorruptImageFailsNamingItOrIsSkippedAndCounted() throws IOException {
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad.resolve("3"));
    try (var files = Files.walk(png)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = bad.resolve(png.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    Files.write(bad.resolve("3/broken.png"), new byte[] {1, 2, 3});
    TrainValidationTest.Result failed = TrainValidationTest.runArgs(tmp.resolve("out-bad"),
        args(bad, "images", tmp.resolve("out-bad")));
    failed.fails(2, "broken.png");
    Path out = tmp.resolve("out-skip");
    assertEquals(0, Train.run(args(bad, "images", out, "--skip-invalid")));
    assertTrue(Files.exists(out.resolve("model.nrn")));
  }
}
