package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.io.CheckpointDir;
import dev.neuron.io.CheckpointFile;
import dev.neuron.optim.Schedule;
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
 * same final (best) weights; a run that had stopped trains no further. The same holds mid-schedule:
 * under a warm-up with reduce-on-plateau, and under a cosine decay, a resumed run runs every step
 * at the undisturbed run's rate and ends with its bits.
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
    resumesIdentically(jsc, OPT);
  }

  @Test
  void resumingMidScheduleRunsAtTheSameRatesToTheSameBits(JavaSparkContext jsc)
      throws Exception {
    // Warm-up over the first 6 steps; the plateau (patience 1) halves the rate, then cools down.
    TrainOptions plateau = OPT.withSchedule(Schedule.of("none", Map.of("warmup_steps", "6")),
        ReduceLrOnPlateau.of("val_loss", Map.of("factor", "0.5", "patience", "1",
            "cooldown", "1", "min_delta", "0")));
    List<EpochRecord> records = resumesIdentically(jsc, plateau);
    assertTrue(records.stream().map(EpochRecord::learningRate).distinct().count() > 2,
        "the rate was reduced at least twice: " + records);
    assertEquals(0.3f, records.get(1).learningRate(), "epoch 2 ends after the warm-up");
    // Cosine decay from step 2 over 20 steps (4 steps an epoch), to 0.1·lr.
    List<EpochRecord> cosine = resumesIdentically(jsc, OPT.withSchedule(Schedule.of("cosine",
        Map.of("warmup_steps", "2", "decay_steps", "20", "alpha", "0.1")), null));
    for (int e = 1; e < cosine.size(); e++) {
      assertTrue(cosine.get(e).learningRate() < cosine.get(e - 1).learningRate(),
          "the rate decays: " + cosine);
    }
  }

  /**
   * Runs {@code opt} with checkpoints, then resumes from a mid-epoch checkpoint and from the
   * last, and checks both end as the undisturbed run; returns its records.
   */
  private List<EpochRecord> resumesIdentically(JavaSparkContext jsc, TrainOptions opt)
      throws Exception {
    CheckpointDir ck = CheckpointDir.open(new Configuration(),
        Files.createTempDirectory("neuron-resume-es").resolve("ck").toString(),
        EarlyStoppingSparkTest.NET, Map.of(), "sgd", 2, 1000);
    FitSequence.Outcome full = sequence(jsc, SparkTrainer::initialState, ck, opt);
    assertTrue(full.stoppedEpoch() > 2 && full.stoppedEpoch() < OPT.epochs(),
        "stops early: " + full.stoppedEpoch());
    assertTrue(full.restoredEpoch() > 0, "restores: " + full.restoredEpoch());
    List<Path> files = ck.files();
    // 4 steps an epoch: a checkpoint after step 2 and at each epoch's end.
    // Mid-epoch 2 (one validated epoch behind it), and the last (written after the stop).
    for (Path file : List.of(files.get(2), files.get(files.size() - 1))) {
      TrainingState restored = CheckpointFile.read(new Configuration(), file.toString()).state();
      FitSequence.Outcome resumed = sequence(jsc, (n, o) -> restored, Checkpointer.NONE, opt);
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
        assertEquals(a.learningRate(), b.learningRate(), where + ", epoch " + (e + 1) + " rate");
      }
      assertEquals(full.state().monitoring().plateau(), resumed.state().monitoring().plateau(),
          where + ": plateau");
      assertArrayEquals(DeterminismTest.bits(full.state().params()),
          DeterminismTest.bits(resumed.state().params()), where);
      assertEquals(full.state().epoch(), resumed.state().epoch(), where + ": epochs trained");
    }
    return full.records();
  }

  /** The noise data of {@link EarlyStoppingSparkTest}: val_loss rises after a few epochs. */
  private static FitSequence.Outcome sequence(JavaSparkContext jsc, FitSequence.Start start,
      Checkpointer ck, TrainOptions opt) {
    ExampleBlock trainBlock = Fixtures.randomBlock(1, 0, 64, 20, 4);
    TrainingSet train = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(trainBlock, 30, 34)));
    TrainingSet validation = TrainingSet.fromBlocks(jsc,
        List.of(Fixtures.randomBlock(2, 0, 256, 20, 4)));
    return FitSequence.on(jsc).withEarlyStopping(STOPPING).withStart(start).withCheckpointer(ck)
        .fit(train, validation, 0, EarlyStoppingSparkTest.NET, opt);
  }
}
