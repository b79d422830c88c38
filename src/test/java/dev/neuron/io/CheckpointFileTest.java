package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.OptimizerState;
import dev.neuron.train.EpochProgress;
import dev.neuron.train.EpochStats;
import dev.neuron.train.Monitoring;
import dev.neuron.train.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint and model files: exact round trips, and each kind of damage named in the message. */
class CheckpointFileTest {
  static final Network NET = Network.input(5).dense(4, Activation.RELU)
      .dense(3, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  static Checkpoint sample(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] params = new float[NET.paramCount()];
    float[][] slots = new float[2][NET.paramCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) rnd.nextGaussian();
      slots[0][i] = (float) rnd.nextGaussian();
      slots[1][i] = Float.intBitsToFloat(rnd.nextInt() & 0x007fffff); // subnormals survive too
    }
    TrainingState s = new TrainingState(params, new OptimizerState(17, slots),
        new EpochProgress(2, 5, 0.1 + rnd.nextDouble(), 123, 160, 1.25),
        List.of(new EpochStats(1, 0.5, 0.75, 2.0, 100.0), new EpochStats(2, 1 / 3.0, 0.8, 2, 99)),
        Monitoring.NONE);
    return new Checkpoint(NET, Map.of("train.seed", "7", "optimizer", "adam"), "adam", s);
  }

  static byte[] bytes(Checkpoint c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFile.write(out, c);
    return out.toByteArray();
  }

  private String file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p.toString();
  }

  @Test
  void roundTripIsExact() throws IOException {
    Checkpoint c = sample(1);
    Checkpoint back = CheckpointFile.read(CONF, file("c.nrnc", bytes(c)));
    assertEquals(NET, back.network());
    assertEquals(c.fingerprint(), back.fingerprint());
    assertEquals("adam", back.optimizer());
    TrainingState a = c.state();
    TrainingState b = back.state();
    assertArrayEquals(a.params(), b.params());
    assertEquals(17, b.optimizer().steps());
    assertArrayEquals(a.optimizer().slot(0), b.optimizer().slot(0));
    assertArrayEquals(a.optimizer().slot(1), b.optimizer().slot(1));
    assertEquals(a.epoch(), b.epoch());
    assertEquals(a.step(), b.step());
    assertEquals(Double.doubleToRawLongBits(a.epochLoss()), Double.doubleToRawLongBits(b.epochLoss()));
    assertEquals(a.epochCorrect(), b.epochCorrect());
    assertEquals(a.epochCount(), b.epochCount());
    assertEquals(a.epochSeconds(), b.epochSeconds());
    assertEquals(a.history(), b.history());
  }

  @Test
  void badMagicIsNamed() throws IOException {
    byte[] b = bytes(sample(1));
    System.arraycopy("NRNMODEL".getBytes(), 0, b, 0, 8);
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("m.nrnc", b)));
    assertTrue(e.getMessage().contains("magic: expected \"NRNCKPNT\", found \"NRNMODEL\""),
        e.getMessage());
  }

  @Test
  void unknownVersionIsNamed() throws IOException {
    byte[] b = bytes(sample(1));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 9);
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("v.nrnc", b)));
    assertTrue(e.getMessage().endsWith("version: expected 1, found 9"), e.getMessage());
  }

  @Test
  void truncationIsNamed() throws IOException {
    byte[] b = bytes(sample(1));
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("t.nrnc", Arrays.copyOf(b, b.length - 30))));
    assertTrue(e.getMessage().contains("do not fit") || e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void flippedByteFailsTheCrc() throws IOException {
    byte[] b = bytes(sample(1));
    b[b.length - 40] ^= 0x10;
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("f.nrnc", b)));
    assertTrue(e.getMessage().contains("crc32: expected"), e.getMessage());
  }

  @Test
  void arraysThatDoNotFitTheNetworkAreRefused() throws IOException {
    Checkpoint c = sample(1);
    Network bigger = Network.input(5).dense(6, Activation.RELU).dense(3, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) Container.read(
        new java.io.ByteArrayInputStream(bytes(c)), bytes(c).length, "x", CheckpointFile.MAGIC)
        .json();
    json.set("network", NetworkJson.write(bigger));
    Container.write(out, CheckpointFile.MAGIC, json, List.of(c.state().params(),
        c.state().optimizer().slot(0), c.state().optimizer().slot(1)));
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("s.nrnc", out.toByteArray())));
    assertTrue(e.getMessage().contains("parameters: the network 5 → 6 relu → 3 softmax,"
        + " categorical_crossentropy needs 57 floats, found 39"), e.getMessage());
  }

  @Test
  void missingSlotIsRefused() throws IOException {
    Checkpoint c = sample(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var json = Container.read(new java.io.ByteArrayInputStream(bytes(c)), bytes(c).length, "x",
        CheckpointFile.MAGIC).json();
    Container.write(out, CheckpointFile.MAGIC, json, List.of(c.state().params(),
        c.state().optimizer().slot(0)));
    FormatException e = assertThrows(FormatException.class,
        () -> CheckpointFile.read(CONF, file("slot.nrnc", out.toByteArray())));
    assertTrue(e.getMessage().contains("expected 3 arrays (parameters and 2 optimizer slots),"
        + " found 2"), e.getMessage());
  }

  @Test
  void modelFileDamageIsNamed() throws IOException {
    float[] params = sample(2).state().params();
    String good = dir.resolve("model.nrn").toString();
    ModelFile.write(CONF, good, new SavedModel(NET, params, Map.of("seed", "1")));
    assertArrayEquals(params, ModelFile.read(CONF, good).params());
    byte[] b = Files.readAllBytes(Path.of(good));

    byte[] magic = b.clone();
    magic[0] = 'X';
    assertMessage(file("magic.nrn", magic), "magic: expected \"NRNMODEL\", found \"XRNMODEL\"");
    byte[] version = b.clone();
    ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
    assertMessage(file("version.nrn", version), "version: expected 1, found 2");
    assertMessage(file("trunc.nrn", Arrays.copyOf(b, b.length - 12)),
        "array 0 length: 39 floats do not fit in the");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var json = Container.read(new java.io.ByteArrayInputStream(b), b.length, "x",
        ModelFile.MAGIC).json();
    Container.write(out, ModelFile.MAGIC, json, List.of(Arrays.copyOf(params, 38)));
    assertMessage(file("size.nrn", out.toByteArray()), "parameters: the network 5 → 4 relu → 3"
        + " softmax, categorical_crossentropy needs 39, found 38");
  }

  private static void assertMessage(String path, String expected) {
    FormatException e = assertThrows(FormatException.class, () -> ModelFile.read(CONF, path));
    assertTrue(e.getMessage().startsWith(path) && e.getMessage().contains(expected),
        e.getMessage());
  }
}
