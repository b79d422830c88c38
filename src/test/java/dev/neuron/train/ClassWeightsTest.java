package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Class weights on a tiny set by hand: 8 examples, 6 of class 0 and 2 of class 1 (class 2 absent),
 * over two partitions, the class-1 examples carrying sample weights.
 */
@ExtendWith(LocalSpark.class)
class ClassWeightsTest {
  /** One-hot over 3 classes for the given labels; x is the example's index. */
  private static ExampleBlock block(long start, int[] labels, float[] w) {
    float[] x = new float[labels.length];
    float[] y = new float[labels.length * 3];
    for (int j = 0; j < labels.length; j++) {
      x[j] = start + j;
      y[j * 3 + labels[j]] = 1f;
    }
    return new ExampleBlock(start, labels.length, 1, 3, x, y, w);
  }

  @Test
  void balancedWeightsByHand(JavaSparkContext jsc) {
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(
        block(0, new int[] {0, 0, 1, 0}, null),
        block(4, new int[] {0, 1, 0, 0}, new float[] {1f, 3f, 0.5f, 1f})));
    try {
      // n = 8, k = 2 classes present: w_0 = 8 / (2·6) = 2/3, w_1 = 8 / (2·2) = 2; w_2 unused: 1.
      float[] w = ClassWeights.parse("balanced").resolve(data, 3);
      assertArrayEquals(new float[] {2f / 3, 2f, 1f}, w, 1e-7f);
      TrainingSet weighted = ClassWeights.apply(data, w);
      try {
        List<Float> got = new ArrayList<>();
        for (ExampleBlock b : weighted.blocks().collect()) {
          for (float v : b.weights()) {
            got.add(v);
          }
        }
        // Sample weight (1 where none) times the class's weight, in example order.
        float a = 2f / 3;
        assertEquals(List.of(a, a, 2f, a, a, 3f * 2f, 0.5f * a, a), got);
        assertEquals(8, weighted.count());
      } finally {
        weighted.release();
      }
    } finally {
      data.release();
    }
  }

  @Test
  void explicitWeightsAreCheckedAgainstTheClasses(JavaSparkContext jsc) {
    assertNull(ClassWeights.parse(" "));
    assertArrayEquals(new float[] {1f, 5f, 0f}, ClassWeights.parse("1, 5,0").explicit());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassWeights.parse("1,-2"));
    assertEquals("class weights: expected 'balanced' or one finite number of at least 0 per"
        + " class, comma-separated; found '-2' at index 1 of '1,-2'", e.getMessage());
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(block(0, new int[] {0, 1}, null)));
    try {
      assertEquals("class weights: expected one per class (3), found 2", assertThrows(
          IllegalArgumentException.class,
          () -> ClassWeights.parse("1,2").resolve(data, 3)).getMessage());
    } finally {
      data.release();
    }
  }
}
