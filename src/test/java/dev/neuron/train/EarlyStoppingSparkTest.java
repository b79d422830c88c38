package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.optim.Sgd;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Early stopping in a real run: a wide network fitted with a large learning rate to 64 examples
 * whose labels are noise memorizes them, so the validation loss on other noise examples rises
 * after the first epochs. Training must stop {@code patience} epochs after the best one and end
 * with exactly that epoch's weights.
 */
@ExtendWith(LocalSpark.class)
class EarlyStoppingSparkTest {
  static final Network NET = Network.input(20).dense(128, Activation.RELU)
      .dense(4, Activation.SOFTMAX).build();

  @Test
  void stopsWhenValidationLossRisesAndRestoresTheBestEpoch(JavaSparkContext jsc) {
    ExampleBlock trainBlock = Fixtures.randomBlock(1, 0, 64, 20, 4);
    TrainingSet train = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(trainBlock, 30, 34)));
    TrainingSet validation = TrainingSet.fromBlocks(jsc,
        List.of(Fixtures.randomBlock(2, 0, 256, 20, 4)));
    TrainOptions opt = new TrainOptions(40, 16, new Sgd(0.3f, 0.9f, false),
        Initializer.GLOROT_UNIFORM, 3);
    TrainingState state = SparkTrainer.initialState(NET, opt);
    List<float[]> weightsPerEpoch = new ArrayList<>();
    int patience = 3;
    EpochMonitor monitor = new EpochMonitor(jsc, NET, state, validation,
        new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, patience, 0, true),
        r -> weightsPerEpoch.add(state.params().clone()));
    new SparkTrainer(jsc).fit(train, NET, opt, state, monitor, Checkpointer.NONE);
    List<EpochRecord> history = monitor.records();
    int stopped = monitor.stoppedEpoch();
    assertTrue(stopped > 0 && stopped < 40, "stopped at epoch " + stopped);
    assertEquals(stopped, history.size(), "no epoch ran after the stop");
    assertEquals(stopped, state.epoch());

    EpochRecord best = history.stream().min(Comparator.comparingDouble(EpochRecord::valLoss))
        .orElseThrow();
    assertEquals(best.epoch() + patience, stopped, "stopped patience epochs after the best");
    assertTrue(history.get(stopped - 1).valLoss() > best.valLoss(), "val_loss rose");
    assertEquals(best.epoch(), monitor.finish());
    assertArrayEquals(weightsPerEpoch.get(best.epoch() - 1), state.params(),
        "the final weights are the best epoch's");
    assertEquals(best.valLoss(), SparkEvaluator.evaluate(jsc, validation.blocks(), NET,
        state.params(), 1).loss(), 0.0, "and score the best val_loss again");
    train.release();
    validation.release();
  }

  @Test
  void aValidationMonitorNeedsValidationData(JavaSparkContext jsc) {
    TrainOptions opt = new TrainOptions(1, 16, new Sgd(0.1f, 0, false), Initializer.ZEROS, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EpochMonitor(jsc, NET, SparkTrainer.initialState(NET, opt), null,
            new EarlyStopping(EarlyStopping.Monitor.VAL_ACCURACY, 1, 0, true), r -> { }));
    assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
  }
}
