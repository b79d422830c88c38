package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class ValidationSplitTest {
  static final ExampleBlock ALL = Fixtures.randomBlock(9, 0, 2000, 3, 2);

  /** Each example's first feature, in global order (the features are distinct random floats). */
  static List<Float> firstFeatures(TrainingSet s) {
    List<ExampleBlock> blocks = new ArrayList<>(s.blocks().collect());
    List<Float> out = new ArrayList<>();
    long next = 0;
    for (ExampleBlock b : blocks) {
      assertEquals(next, b.start(), "blocks are numbered consecutively in partition order");
      next += b.rows();
      for (int j = 0; j < b.rows(); j++) {
        out.add(b.x()[j * b.inputs()]);
      }
    }
    assertEquals(s.count(), next);
    return out;
  }

  @Test
  void theSplitDependsOnTheSeedAloneNotOnPartitioning(JavaSparkContext jsc) {
    ValidationSplit.Parts one = ValidationSplit.split(
        TrainingSet.fromBlocks(jsc, List.of(ALL)), 0.2, 5);
    ValidationSplit.Parts three = ValidationSplit.split(
        TrainingSet.fromBlocks(jsc, Arrays.asList(Fixtures.split(ALL, 700, 1, 1299))), 0.2, 5);
    assertEquals(firstFeatures(one.validation()), firstFeatures(three.validation()));
    assertEquals(firstFeatures(one.train()), firstFeatures(three.train()));
    long held = one.validation().count();
    assertEquals(2000, held + one.train().count());
    assertTrue(held > 330 && held < 470, "about 20% held out, found " + held);
    ValidationSplit.Parts other = ValidationSplit.split(
        TrainingSet.fromBlocks(jsc, List.of(ALL)), 0.2, 6);
    assertTrue(!firstFeatures(other.validation()).equals(firstFeatures(one.validation())),
        "another seed holds out other examples");
  }

  @Test
  void fractionsOutsideTheOpenUnitIntervalAreRejected(JavaSparkContext jsc) {
    TrainingSet s = TrainingSet.fromBlocks(jsc, List.of(Fixtures.randomBlock(1, 0, 10, 2, 2)));
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.split(s, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.split(s, 1, 1));
    s.release();
  }
}
