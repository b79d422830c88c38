package dev.neuron.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.TestModels;
import dev.neuron.read.IdxDataset;
import dev.neuron.read.ImageSets;
import dev.neuron.io.SavedModel;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same MNIST test images as IDX, Parquet, CSV and a PNG class-folder tree give the same
 * metrics and the same predicted classes. Features are bit-for-bit equal (InputFormatsTest);
 * probabilities may differ in the last bit where the examples share a {@code sgemm} call with
 * different neighbours (the image source lists files in its own order), so they are compared to
 * 1e-5 (float32 rounding). {@code -Dneuron.equivalence.n=10000}
 * runs it on the whole test set; the default keeps the suite fast.
 */
@ExtendWith(LocalSpark.class)
class FormatEquivalenceTest {
  private static final int N = Integer.getInteger("neuron.equivalence.n", 1000);

  @Test
  void sameImagesSamePredictionsInEveryFormat(SparkSession spark, JavaSparkContext jsc,
      @TempDir Path dir) throws IOException {
    SavedModel model = TestModels.mnist(jsc);
    IdxDataset t10k = Fixtures.mnist("t10k");
    Path idx = Files.createDirectories(dir.resolve("idx"));
    copyHead(Fixtures.MNIST.resolve("t10k-images-idx3-ubyte"),
        idx.resolve("t10k-images-idx3-ubyte"), 16, 784);
    copyHead(Fixtures.MNIST.resolve("t10k-labels-idx1-ubyte"),
        idx.resolve("t10k-labels-idx1-ubyte"), 8, 1);
    ImageSets.write(spark, t10k, N, 1, ImageSets.Layout.PARQUET, dir.resolve("parquet").toString(),
        1);
    ImageSets.write(spark, t10k, N, 1, ImageSets.Layout.CSV, dir.resolve("csv").toString(), 1);
    ImageSets.write(spark, t10k, N, 1, ImageSets.Layout.PNG, dir.resolve("png").toString(), 2);

    int[] reference = null;
    float[][] referenceProbs = null;
    Metrics referenceMetrics = null;
    for (InputFormat f : InputFormat.values()) {
      String path = dir.resolve(f == InputFormat.IMAGES ? "png" : f.key()).toString();
      Examples<?> ex = ExampleSources.open(spark, path, ReadSpec.of(f), 784, 10,
          ReadSpec.Labels.REQUIRED);
      Metrics m = SparkEvaluator.evaluate(jsc, ex, model.network(), model.params(), 5);
      assertEquals(N, m.count(), f.key());
      int[] predicted = new int[N];
      float[][] probs = new float[N][];
      SparkPredictor.Predictions p = SparkPredictor.predict(spark, ex, model.network(),
          model.params(), ProbabilityOutput.ALL);
      List<Row> rows = p.rows().collectAsList();
      p.release();
      assertEquals(N, rows.size(), f.key());
      for (Row r : rows) {
        int i = f == InputFormat.IMAGES ? index(r.getString(0)) : (int) r.getLong(0);
        predicted[i] = r.getInt(1);
        probs[i] = toFloats(r.getList(3));
        assertEquals(probs[i][predicted[i]], r.getFloat(2), f.key() + " row " + i);
      }
      System.out.printf("%s: %d images, accuracy %.4f, loss %.6f%n", f.key(), m.count(),
          m.accuracy(), m.loss());
      if (reference == null) {
        reference = predicted;
        referenceProbs = probs;
        referenceMetrics = m;
        continue;
      }
      assertArrayEquals(reference, predicted, f.key() + " predictions");
      double maxDiff = 0;
      for (int i = 0; i < N; i++) {
        for (int c = 0; c < 10; c++) {
          maxDiff = Math.max(maxDiff, Math.abs(referenceProbs[i][c] - probs[i][c]));
        }
      }
      System.out.printf("%s: predictions identical to idx; max |Δ probability| %.3g%n", f.key(),
          maxDiff);
      assertTrue(maxDiff <= 1e-5, f.key() + ": probabilities differ by " + maxDiff);
      for (int t = 0; t < 10; t++) {
        for (int q = 0; q < 10; q++) {
          assertEquals(referenceMetrics.confusion(t, q), m.confusion(t, q), f.key());
        }
      }
      assertEquals(referenceMetrics.accuracy(), m.accuracy(), f.key());
    }
    assertTrue(referenceMetrics.accuracy() > 0.8, "a trained model, accuracy "
        + referenceMetrics.accuracy());
  }

  /**
   * The same images as 112×112 colour JPEGs (enlarged, tinted with their luma kept, lossy),
   * shrunk back to 28×28 grey by area averaging, score within 0.01 of the IDX accuracy.
   */
  @Test
  void colourJpegsResizedBackScoreLikeIdx(SparkSession spark, JavaSparkContext jsc,
      @TempDir Path dir) throws IOException {
    SavedModel model = TestModels.mnist(jsc);
    Path idx = Files.createDirectories(dir.resolve("idx"));
    copyHead(Fixtures.MNIST.resolve("t10k-images-idx3-ubyte"),
        idx.resolve("t10k-images-idx3-ubyte"), 16, 784);
    copyHead(Fixtures.MNIST.resolve("t10k-labels-idx1-ubyte"),
        idx.resolve("t10k-labels-idx1-ubyte"), 8, 1);
    String jpeg = dir.resolve("jpeg").toString();
    ImageSets.write(spark, Fixtures.mnist("t10k"), N, 1, ImageSets.Layout.JPEG, jpeg, 2, 112,
        true);
    Metrics fromIdx = SparkEvaluator.evaluate(jsc, ExampleSources.open(spark, idx.toString(),
        ReadSpec.of(InputFormat.IDX), 784, 10, ReadSpec.Labels.REQUIRED), model.network(),
        model.params(), 5);
    Metrics fromJpeg = SparkEvaluator.evaluate(jsc, ExampleSources.open(spark, jpeg,
        ReadSpec.of(InputFormat.IMAGES).withSizes(ReadSpec.Sizes.RESIZE), 784, 10,
        ReadSpec.Labels.REQUIRED), model.network(), model.params(), 5);
    System.out.printf("%d images: idx accuracy %.4f, 112×112 colour jpeg resized %.4f%n", N,
        fromIdx.accuracy(), fromJpeg.accuracy());
    assertEquals(N, fromJpeg.count());
    assertEquals(fromIdx.accuracy(), fromJpeg.accuracy(), 0.01);
    // Decoded at ¼ scale (112 → 28 in the inverse DCT) instead: the same tolerance.
    Metrics draft;
    try {
      draft = SparkEvaluator.evaluate(jsc, ExampleSources.open(spark, jpeg,
          ReadSpec.of(InputFormat.IMAGES).withSizes(ReadSpec.Sizes.RESIZE_DRAFT), 784, 10,
          ReadSpec.Labels.REQUIRED), model.network(), model.params(), 5);
    } catch (IllegalArgumentException e) {
      // No TurboJPEG here: refused, as documented; CI installs it (.ci/run).
      assertTrue(e.getMessage().startsWith("--resize-draft needs TurboJPEG"), e.getMessage());
      assertNotEquals("true", System.getenv("CI"), e.getMessage());
      assumeTrue(false, e.getMessage());
      return;
    }
    System.out.printf("112×112 colour jpeg, draft decode at 1/4 %.4f%n", draft.accuracy());
    assertEquals(N, draft.count());
    assertEquals(fromIdx.accuracy(), draft.accuracy(), 0.01);
  }

  private static int index(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return Integer.parseInt(name.substring(0, name.indexOf('.')));
  }

  private static float[] toFloats(List<Object> list) {
    float[] f = new float[list.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (Float) list.get(i);
    }
    return f;
  }

  /** The IDX file's first {@link #N} records, with the count in the header patched. */
  private static void copyHead(Path from, Path to, int header, int recordSize) throws IOException {
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = Files.newOutputStream(to)) {
      byte[] head = in.readNBytes(header);
      head[4] = (byte) (N >>> 24);
      head[5] = (byte) (N >>> 16);
      head[6] = (byte) (N >>> 8);
      head[7] = (byte) N;
      out.write(head);
      out.write(in.readNBytes(N * recordSize));
    }
  }
}
