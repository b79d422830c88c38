package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.OptimizerState;
import dev.neuron.train.EpochProgress;
import dev.neuron.train.Monitoring;
import dev.neuron.train.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When checkpoints are written, which are kept, and which one a resume picks. */
class CheckpointDirTest {
  static final Network NET = CheckpointFileTest.NET;
  static final Map<String, String> FP = Map.of("train.seed", "1", "optimizer", "sgd");

  @TempDir
  Path tmp;

  static TrainingState state(int epoch, int step, float fill) {
    float[] p = new float[NET.paramCount()];
    java.util.Arrays.fill(p, fill);
    return new TrainingState(p, new OptimizerState(epoch * 10L + step, new float[0][]),
        new EpochProgress(epoch, step, 0, 0, 0, 0), List.of(), Monitoring.NONE);
  }

  private CheckpointDir dir(int every, int keep) {
    return CheckpointDir.open(CheckpointFileTest.CONF, tmp.resolve("ck").toString(), NET, FP,
        "sgd", every, keep);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("ck"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted()
          .toList();
    }
  }

  @Test
  void writesEveryNStepsAndEachEpochEndKeepingTheNewest() throws IOException {
    CheckpointDir ck = dir(3, 2);
    assertTrue(ck.files().isEmpty());
    assertNull(ck.newest(System.err));
    for (int step = 1; step <= 7; step++) {
      ck.afterStep(state(0, step, step), step == 7);
    }
    assertEquals(List.of("checkpoint-e000000-s000000003.nrnc", "checkpoint-e000000-s000000006.nrnc"),
        names());
    ck.afterEpoch(state(1, 0, 8));
    assertEquals(List.of("checkpoint-e000000-s000000006.nrnc", "checkpoint-e000001-s000000000.nrnc"),
        names(), "no temporary file stays behind, and only the newest 2 are kept");
    Checkpoint newest = ck.newest(System.err);
    assertEquals(1, newest.state().epoch());
    assertEquals(0, newest.state().step());
    assertEquals(8f, newest.state().params()[0]);
  }

  @Test
  void epochEndOnlyWhenEveryIsZero() throws IOException {
    CheckpointDir ck = dir(0, 5);
    for (int step = 1; step <= 4; step++) {
      ck.afterStep(state(0, step, step), step == 4);
    }
    assertTrue(ck.files().isEmpty());
    ck.afterEpoch(state(1, 0, 4));
    assertEquals(List.of("checkpoint-e000001-s000000000.nrnc"), names());
  }

  @Test
  void resumeSkipsATornNewestFileAndIgnoresTemporaries() throws IOException {
    CheckpointDir ck = dir(1, 5);
    ck.afterStep(state(0, 1, 1), false);
    ck.afterStep(state(0, 2, 2), false);
    Path newest = tmp.resolve("ck/checkpoint-e000000-s000000002.nrnc");
    byte[] b = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(b, b.length / 2));
    Files.write(tmp.resolve("ck/.checkpoint-e000000-s000000003.nrnc.tmp-x"), new byte[10]);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Checkpoint c = ck.newest(new PrintStream(log, true));
    assertEquals(1, c.state().step());
    assertTrue(log.toString().contains("skipping unreadable checkpoint"), log.toString());

    Files.write(tmp.resolve("ck/checkpoint-e000000-s000000001.nrnc"), new byte[3]);
    FormatException e = assertThrows(FormatException.class,
        () -> ck.newest(new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("no readable checkpoint"), e.getMessage());
  }

  @Test
  void refusesACheckpointOfOtherSettings() {
    dir(1, 2).afterStep(state(0, 1, 1), false);
    CheckpointDir other = CheckpointDir.open(CheckpointFileTest.CONF,
        tmp.resolve("ck").toString(), NET, Map.of("train.seed", "2", "optimizer", "sgd"), "sgd",
        1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> other.newest(System.err));
    assertTrue(e.getMessage().contains("train.seed: checkpoint 1, this run 2"), e.getMessage());

    Network wider = Network.input(5).dense(8, Activation.RELU).dense(3, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    CheckpointDir otherNet = CheckpointDir.open(CheckpointFileTest.CONF,
        tmp.resolve("ck").toString(), wider, FP, "sgd", 1, 2);
    e = assertThrows(IllegalArgumentException.class, () -> otherNet.newest(System.err));
    assertTrue(e.getMessage().contains("network: checkpoint 5 → 4 relu → 3 softmax,"
        + " categorical_crossentropy, this run 5 → 8 relu"), e.getMessage());
  }

  @Test
  void savedParamsComeBackExactly() {
    CheckpointDir ck = dir(1, 1);
    TrainingState s = CheckpointFileTest.sample(3).state();
    CheckpointDir adam = CheckpointDir.open(CheckpointFileTest.CONF, tmp.resolve("a").toString(),
        NET, FP, "adam", 1, 1);
    adam.save(s);
    assertArrayEquals(s.params(), adam.newest(System.err).state().params());
    assertTrue(ck.files().isEmpty());
  }
}
