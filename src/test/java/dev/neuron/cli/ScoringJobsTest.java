package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.TestModels;
import dev.neuron.read.ImageSets;
import dev.neuron.eval.BlockScorer;
import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate and predict mains end to end on the shared session: outputs, exit codes, and that
 * a failing job leaves no output (and no staging directory) behind.
 */
@ExtendWith(LocalSpark.class)
class ScoringJobsTest {

  private static int evaluate(SparkSession spark, String... argv) {
    return Evaluate.run(ScoreArgs.parse(argv, java.util.Set.of("--top-k"),
        ScoreArgs.EVALUATE_USAGE), spark);
  }

  private static int predict(SparkSession spark, String... argv) {
    return Predict.run(ScoreArgs.parse(argv, java.util.Set.of("--output-format",
        "--probabilities"), ScoreArgs.PREDICT_USAGE), spark);
  }

  private static void assertNothingLeft(Path parent, String name) throws Exception {
    assertFalse(Files.exists(parent.resolve(name)), name + " must not exist");
    try (Stream<Path> s = Files.list(parent)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("." + name)).toList(), "staging directories left");
    }
  }

  @Test
  void evaluateWritesMetricsJson(SparkSession spark, JavaSparkContext jsc, @TempDir Path dir)
      throws Exception {
    String model = TestModels.savedMnist(jsc).toString();
    Path out = dir.resolve("eval");
    assertEquals(0, evaluate(spark, "--model", model, "--data", Fixtures.MNIST.toString(),
        "--out", out.toString(), "--top-k", "3"));
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertEquals(10_000, m.get("count").asLong());
    assertTrue(m.get("accuracy").asDouble() > 0.8, m.toString());
    assertTrue(m.get("top_k_accuracy").asDouble() >= m.get("accuracy").asDouble());
    assertEquals(3, m.get("top_k").asInt());
    long total = 0;
    for (JsonNode row : m.get("confusion")) {
      for (JsonNode v : row) {
        total += v.asLong();
      }
    }
    assertEquals(10_000, total);
    assertEquals(0, m.get("skipped").get("total").asLong());
    assertTrue(m.get("images_per_second").asDouble() > 0);

    assertEquals(2, evaluate(spark, "--model", model, "--data", Fixtures.MNIST.toString(),
        "--out", out.toString()), "an existing output is refused");
  }

  @Test
  void predictWritesParquetAndCsv(SparkSession spark, JavaSparkContext jsc, @TempDir Path dir)
      throws Exception {
    String model = TestModels.savedMnist(jsc).toString();
    String data = dir.resolve("set").toString();
    ImageSets.write(spark, Fixtures.mnist("t10k"), 200, 1, ImageSets.Layout.PARQUET, data, 2);

    Path out = dir.resolve("pred");
    assertEquals(0, predict(spark, "--model", model, "--data", data, "--format", "parquet",
        "--out", out.toString(), "--probabilities"));
    Dataset<Row> p = spark.read().parquet(out.resolve("predictions").toString());
    assertEquals(List.of("id", "prediction", "probability", "probabilities"),
        List.of(p.columns()));
    List<Row> rows = p.orderBy("id").collectAsList();
    assertEquals(200, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(i, r.getLong(0));
      List<Object> probs = r.getList(3);
      double sum = 0;
      int best = 0;
      for (int c = 0; c < probs.size(); c++) {
        sum += (Float) probs.get(c);
        best = (Float) probs.get(c) > (Float) probs.get(best) ? c : best;
      }
      assertEquals(1.0, sum, 1e-4);
      assertEquals(best, r.getInt(1));
      assertEquals((Float) probs.get(best), r.getFloat(2));
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(200, summary.get("count").asLong());

    Path csv = dir.resolve("pred-csv");
    assertEquals(0, predict(spark, "--model", model, "--data", data, "--out", csv.toString(),
        "--output-format", "csv", "--probabilities"));
    Dataset<Row> c = spark.read().option("header", true).csv(csv.resolve("predictions")
        .toString());
    assertEquals(13, c.columns().length);
    assertEquals("p9", c.columns()[12]);
    assertEquals(200, c.count());
  }

  @Test
  void failingJobsLeaveNoOutput(SparkSession spark, JavaSparkContext jsc, @TempDir Path dir)
      throws Exception {
    String model = TestModels.savedMnist(jsc).toString();
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      csv.append(i == 250 ? "3" : "1");
      for (int k = 0; k < (i == 250 ? 780 : 784); k++) {
        csv.append(",0");
      }
      csv.append('\n');
    }
    Path data = dir.resolve("bad.csv");
    Files.writeString(data, csv, StandardCharsets.US_ASCII);

    assertEquals(2, predict(spark, "--model", model, "--data", data.toString(), "--out",
        dir.resolve("pred").toString()));
    assertNothingLeft(dir, "pred");
    assertEquals(2, evaluate(spark, "--model", model, "--data", data.toString(), "--out",
        dir.resolve("eval").toString()));
    assertNothingLeft(dir, "eval");

    Path ok = dir.resolve("skip");
    assertEquals(0, evaluate(spark, "--model", model, "--data", data.toString(), "--out",
        ok.toString(), "--skip-invalid"));
    JsonNode m = new ObjectMapper().readTree(ok.resolve("metrics.json").toFile());
    assertEquals(299, m.get("count").asLong());
    assertEquals(1, m.get("skipped").get("row_width").asLong());
  }

  /**
   * A model whose input is colour ({@code 3·28·28}: the R plane, then G, then B) scores colour
   * PNGs end to end: a 28×28 one as is, a 56×56 one shrunk by averaging each 2×2 block; the
   * predicted probabilities equal a forward pass over planes built here from the pixels.
   */
  @Test
  void colourModelPredictsFromColourImages(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Network net = Network.input(3 * 784).dense(10, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    float[] params = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(5));
    Path model = Files.createDirectories(dir.resolve("model"));
    ModelFile.write(new Configuration(), model.resolve(ModelFile.NAME).toString(),
        new SavedModel(net, params, Map.of("test", "colour")));
    SplittableRandom rnd = new SplittableRandom(9);
    Map<String, float[]> expected = new HashMap<>();
    for (int side : new int[] {28, 56}) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          img.setRGB(x, y, rnd.nextInt(1 << 24));
        }
      }
      Path file = Files.createDirectories(dir.resolve("imgs/4")).resolve(side + ".png");
      ImageIO.write(img, "png", file.toFile());
      int f = side / 28;
      float[] x = new float[3 * 784];
      for (int k = 0; k < 3; k++) {
        for (int p = 0; p < 784; p++) {
          float sum = 0;
          for (int dy = 0; dy < f; dy++) {
            for (int dx = 0; dx < f; dx++) {
              sum += (img.getRGB((p % 28) * f + dx, (p / 28) * f + dy) >> (16 - 8 * k)) & 0xff;
            }
          }
          x[k * 784 + p] = sum / (f * f) / 255f;
        }
      }
      expected.put(side + ".png", new BlockScorer(net, params).forward(x, 0, 1).clone());
    }
    Path out = dir.resolve("pred");
    assertEquals(0, predict(spark, "--model", model.toString(), "--data",
        dir.resolve("imgs").toString(), "--format", "images", "--resize", "--out", out.toString(),
        "--probabilities"));
    List<Row> rows = spark.read().parquet(out.resolve("predictions").toString()).collectAsList();
    assertEquals(2, rows.size());
    for (Row r : rows) {
      String id = r.getString(0);
      float[] want = expected.get(id.substring(id.lastIndexOf('/') + 1));
      List<Object> got = r.getList(3);
      for (int c = 0; c < 10; c++) {
        assertEquals(want[c], (Float) got.get(c), 1e-5f, id + " class " + c);
      }
    }
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertEquals(2, Evaluate.run(new String[] {"--model", "m", "--data", "d"}));
    assertEquals(2, Predict.run(new String[] {"--model", "m", "--data", "d", "--out", "o",
        "--top-k", "3"}));
  }
}
