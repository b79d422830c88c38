package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.io.CheckpointDir;
import dev.neuron.io.CheckpointFile;
import dev.neuron.optim.Sgd;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resuming a run with validation and early stopping from any of its checkpoints (mid-epoch,
 * between epochs, and the one written after it stopped) ends as the run that was never stopped:
 * the same epochs with the same validation metrics, the same stopping and restored epoch, the
 * same final (best) weights; a run that had stopped trains no further.
 */
@ExtendWith(LocalSpark.class)
class ResumeEarlyStoppingTest {
  private static final TrainOptions OPT = new TrainOptions(40, 16, new Sgd(0.3f, 0.9f, false),
      dev.neuron.nn.Initializer.GLOROT_UNIFORM, 3);
  private static final EarlyStopping STOPPING =
      new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 2, 0, true);

  @Test
  void resumingFromAnyCheckpointStopsAndRestoresAsTheUndisturbedRun(JavaSparkContext jsc)
      throws Exception {
    CheckpointDir ck = CheckpointDir.open(new Configuration(),
        Files.createTempDirectory("neuron-resume-es").resolve("ck").toString(),
        EarlyStoppingSparkTest.NET, Map.of(), "sgd", 2, 1000);
    FitSequence.Outcome full = sequence(jsc, SparkTrainer::initialState, ck);
    assertTrue(full.stoppedEpoch() > 2 && full.stoppedEpoch() < OPT.epochs(),
        "stops early: " + full.stoppedEpoch());
    assertTrue(full.restoredEpoch() > 0, "restores: " + full.restoredEpoch());
    List<Path> files = ck.files();
    // 4 steps an epoch: a checkpoint after step 2 and at each epoch's end.
    // Mid-epoch 2 (one validated epoch behind it), and the last (written after the stop).
    for (Path file : List.of(files.get(2), files.get(files.size() - 1))) {
      TrainingState restored = CheckpointFile.read(new Configuration(), file.toString()).state();
      FitSequence.Outcome resumed = sequence(jsc, (n, o) -> restored, Checkpointer.NONE);
      String where = "resumed from " + file.getName();
      assertEquals(full.stoppedEpoch(), resumed.stoppedEpoch(), where);
      assertEquals(full.restoredEpoch(), resumed.restoredEpoch(), where);
      assertEquals(full.records().size(), resumed.records().size(), where);
      for (int e = 0; e < full.records().size(); e++) {
        EpochRecord a = full.records().get(e);
        EpochRecord b = resumed.records().get(e);
        assertEquals(a.loss(), b.loss(), where + ", epoch " + (e + 1));
        assertEquals(a.accuracy(), b.accuracy(), where + ", epoch " + (e + 1));
        assertEquals(a.valLoss(), b.valLoss(), where + ", epoch " + (e + 1) + " val_loss");
        assertEquals(a.valAccuracy(), b.valAccuracy(), where + ", epoch " + (e + 1));
      }
      assertArrayEquals(DeterminismTest.bits(full.state().params()),
          DeterminismTest.bits(resumed.state().params()), where);
      assertEquals(full.state().epoch(), resumed.state().epoch(), where + ": epochs trained");
    }
  }

  /** The noise data of {@link EarlyStoppingSparkTest}: val_loss rises after a few epochs. */
  private static FitSequence.Outcome sequence(JavaSparkContext jsc, FitSequence.Start start,
      Checkpointer ck) {
    ExampleBlock trainBlock = Fixtures.randomBlock(1, 0, 64, 20, 4);
    TrainingSet train = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(trainBlock, 30, 34)));
    TrainingSet validation = TrainingSet.fromBlocks(jsc,
        List.of(Fixtures.randomBlock(2, 0, 256, 20, 4)));
    return FitSequence.on(jsc).withEarlyStopping(STOPPING).withStart(start).withCheckpointer(ck)
        .fit(train, validation, 0, EarlyStoppingSparkTest.NET, OPT);
  }
}
