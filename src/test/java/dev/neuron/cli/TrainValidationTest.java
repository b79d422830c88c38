package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.LocalSpark;
import dev.neuron.read.IdxFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad configuration or input makes {@link Train#run} return a non-zero code with a message
 * that says what was expected and what was found, and leaves the output path as it was (absent,
 * or an existing folder unchanged), with no staging or checkpoint folder left beside it.
 */
class TrainValidationTest {
  @TempDir
  static Path tmp;
  static Path good;

  @BeforeAll
  static void data() throws IOException {
    good = tmp.resolve("good");
    IdxFiles.writeDataset(good, 300, 60);
    LocalSpark.session(); // Train borrows the shared session and leaves it running.
  }

  /** Runs the trainer on {@code data} with a fresh output path; returns exit code and stderr. */
  static Result run(Path data, String... extra) {
    Path out = tmp.resolve("out-" + System.nanoTime());
    List<String> argv = new ArrayList<>(List.of("--data", data.toString(), "--out",
        out.toString(), "--partitions", "2", "--epochs", "1", "--batch-size", "50", "--set",
        "model.layers=8:relu,10:softmax", "--set", "eval.top_k=3"));
    argv.addAll(Arrays.asList(extra));
    return runArgs(out, argv.toArray(new String[0]));
  }

  static Result runArgs(Path out, String[] argv) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Train.run(argv);
    } finally {
      System.setErr(old);
    }
    return new Result(code, err.toString(StandardCharsets.UTF_8), out);
  }

  record Result(int code, String stderr, Path out) {
    /** Asserts the exit code, the message, and that nothing was left at or beside the output. */
    void fails(int expectedCode, String message) throws IOException {
      String first = stderr.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
      System.out.printf("| %s | exit %d | %s |%n", message, code, first);
      assertEquals(expectedCode, code, stderr);
      assertTrue(first.contains(message), "expected '" + message + "' in: " + stderr);
      assertFalse(Files.exists(out), out + " must stay absent");
      try (Stream<Path> siblings = Files.list(out.getParent())) {
        String name = out.getFileName().toString();
        List<String> left = siblings.map(p -> p.getFileName().toString())
            .filter(n -> n.contains(name)).toList();
        if (expectedCode != 3) {
          assertEquals(List.of(), left, "nothing may be left beside the output");
        }
      }
    }
  }

  @Test
  void badConfigurationIsRefused() throws IOException {
    run(good, "--set", "train.epoch=3").fails(2, "train.epoch: unknown key; known keys are");
    run(good, "--epoch", "3").fails(2, "unknown option --epoch");
    run(good, "--set", "optimizer.learning_rate=-0.1")
        .fails(2, "rmsprop learning_rate must be a positive finite number, found -0.1");
    run(good, "--set", "optimizer=sgd", "--set", "optimizer.learning_rate=0")
        .fails(2, "sgd learning_rate must be a positive finite number, found 0.0");
    run(good, "--set", "optimizer.learning_rate=fast")
        .fails(2, "optimizer.learning_rate: expected a number, found 'fast'");
    run(good, "--set", "optimizer=sgd", "--set", "optimizer.nesterov=yes")
        .fails(2, "optimizer.nesterov: expected true or false, found 'yes'");
    run(good, "--set", "optimizer.momentum=0.9")
        .fails(2, "optimizer.momentum: not a setting of optimizer rmsprop");
    run(good, "--batch-size", "0").fails(2, "train.batch_size: expected a positive integer, found 0");
    run(good, "--epochs", "-2").fails(2, "train.epochs: expected a positive integer, found -2");
    run(good, "--epochs", "two").fails(2, "train.epochs: expected an integer, found 'two'");
    run(good, "--partitions", "0").fails(2, "train.partitions: expected a positive integer, found 0");
    run(good, "--mode", "fast").fails(2, "train.mode: unknown execution mode 'fast', expected"
        + " auto, jobs or gang");
    run(good, "--set", "model.layers=0:relu,10:softmax")
        .fails(2, "layer 0 must have positive units, found 0");
    run(good, "--set", "model.layers=8:relu,10:softmaxx")
        .fails(2, "unknown activation 'softmaxx', expected one of");
    run(good, "--set", "checkpoint.keep=0").fails(2, "checkpoint.keep: expected a positive integer");
    run(good, "--set", "eval.top_k=11").fails(2, "eval.top_k: expected at most 10 (the network's"
        + " outputs), found 11");
    run(good, "--partitions", "400").fails(2, "partitions must lie in 1..300 (the example count),"
        + " found 400");
  }

  @Test
  void badDataIsRefused() throws IOException {
    byte[] images = IdxFiles.images(1, 300, 8, 8);
    byte[] labels = IdxFiles.labels(2, 300, 10);

    byte[] magic = images.clone();
    ByteBuffer.wrap(magic).putInt(0, 0x00000802);
    run(variant("magic", magic, labels)).fails(2, "train-images-idx3-ubyte: header, field magic:"
        + " expected 0x00000801 (labels) or 0x00000803 (images), found 0x00000802");
    run(variant("truncated", Arrays.copyOf(images, images.length - 100), labels))
        .fails(2, "train-images-idx3-ubyte: truncated: header declares 300 records of 64 bytes,"
            + " so the file should be 19216 bytes, found 19116");
    run(variant("truncated-gz", IdxFiles.gzip(Arrays.copyOf(images, images.length - 64)),
        labels)).fails(2, "should be 19216 bytes, found 19152");
    run(variant("count", images, IdxFiles.labels(2, 299, 10)))
        .fails(2, "train-images-idx3-ubyte holds 300 images but");
    run(variant("swapped", labels, images))
        .fails(2, "field magic: expected an image file (0x00000803), found a label file");
    run(good, "--set", "model.layers=8:relu,5:softmax")
        .fails(2, "train-labels-idx1-ubyte: record "); // the first failing partition's record
    run(good, "--set", "model.layers=8:relu,5:softmax")
        .fails(2, ", field label: expected a class in 0..4 (the model's outputs), found ");
    Path width = variant("width", images, labels);
    IdxFiles.write(width, "t10k", IdxFiles.images(3, 60, 7, 8), IdxFiles.labels(4, 60, 10));
    run(width).fails(2, "t10k-images-idx3-ubyte: header, field rows×cols: expected 8×8 like the"
        + " training images, found 7×8");
    run(tmp.resolve("nowhere")).fails(2, "no file train-images-idx3-ubyte or"
        + " train-images-idx3-ubyte.gz");
  }

  @Test
  void anExistingOutputIsLeftAsItWas() throws IOException {
    Path out = tmp.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("model.nrn"), "precious");
    Result r = runArgs(out, new String[] {"--data", good.toString(), "--out", out.toString(),
        "--epochs", "1", "--set", "model.layers=8:relu,10:softmax"});
    System.out.printf("| existing --out | exit %d | %s |%n", r.code(), r.stderr().strip());
    assertEquals(2, r.code());
    assertTrue(r.stderr().contains("already exists; choose another --out or remove it"));
    assertEquals("precious", Files.readString(out.resolve("model.nrn")));
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void divergenceExitsWithThreeAndKeepsTheCheckpoints() throws IOException {
    Result r = run(good, "--epochs", "5", "--set", "optimizer=sgd", "--set",
        "optimizer.learning_rate=1000", "--set", "model.layers=8:relu,10:linear", "--set",
        "model.loss=mean_squared_error", "--set", "checkpoint.every_steps=1");
    r.fails(3, "training diverged at epoch ");
    assertTrue(r.stderr().contains("first non-finite gradient"), r.stderr());
    Path ck = Path.of(r.out() + ".checkpoints");
    try (Stream<Path> s = Files.list(ck)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".nrnc")),
          "the last good checkpoint stays");
    }
  }

  @Test
  void resumeRefusesOtherSettingsAndFreshRunsRefuseOldCheckpoints() throws IOException {
    String ck = tmp.resolve("shared.checkpoints").toString();
    Result first = run(good, "--checkpoint-dir", ck, "--seed", "5");
    assertEquals(0, first.code(), first.stderr());
    // No --mode: auto, and local[2]'s two task slots hold both partitions' gang tasks.
    JsonNode metrics = new ObjectMapper().readTree(first.out().resolve("metrics.json").toFile());
    assertEquals("gang", metrics.get("mode").asText(), metrics.toString());
    assertEquals("auto: the 2 partitions' tasks fit the 2 task slots at once",
        metrics.get("mode_reason").asText());
    run(good, "--checkpoint-dir", ck, "--seed", "5")
        .fails(2, "already holds checkpoints of an earlier run: pass --resume to continue it");
    run(good, "--checkpoint-dir", ck, "--seed", "9", "--resume")
        .fails(2, "was written by a run with other settings, so resuming from it would not"
            + " continue that run: train.seed: checkpoint 5, this run 9");
    run(good, "--checkpoint-dir", ck, "--seed", "5", "--resume", "--set",
        "optimizer.learning_rate=0.01").fails(2, "optimizer: checkpoint RmsProp[learningRate=0.001,"
            + " rho=0.9, epsilon=1.0E-7], this run RmsProp[learningRate=0.01");
    Result r = runArgs(tmp.resolve("unused"), new String[] {"--resume"});
    r.fails(2, "--resume: expected --out or checkpoint.dir naming the run to continue");

    // A finished run is extended by resuming with more epochs.
    Result more = run(good, "--checkpoint-dir", ck, "--seed", "5", "--resume", "--epochs", "2");
    assertEquals(0, more.code(), more.stderr());
    assertTrue(Files.exists(more.out().resolve("model.nrn")));
  }

  /** Other data of the same size (so the same example count) is not the same run's data. */
  @Test
  void resumeRefusesOtherDataOfTheSameSizeUnlessAllowed() throws IOException {
    String ck = tmp.resolve("data.checkpoints").toString();
    Path other = variant("same-size", IdxFiles.images(7, 300, 8, 8), IdxFiles.labels(8, 300, 10));
    Result first = run(good, "--checkpoint-dir", ck, "--seed", "5");
    assertEquals(0, first.code(), first.stderr());
    run(other, "--checkpoint-dir", ck, "--seed", "5", "--resume", "--epochs", "2")
        .fails(2, "data.train.files: checkpoint train-images-idx3-ubyte:");
    Result allowed = run(other, "--checkpoint-dir", ck, "--seed", "5", "--resume", "--epochs",
        "2", "--set", "checkpoint.allow_other_data=true");
    assertEquals(0, allowed.code(), allowed.stderr());
    assertTrue(allowed.stderr().contains("warning: resuming although data.train.files changed"),
        allowed.stderr());
  }

  /** An integer beyond Java's int range is refused where it is read, never wrapped around. */
  @Test
  void integersBeyondIntAreRefused() throws IOException {
    run(good, "--epochs", "4294967296").fails(2,
        "train.epochs: expected an integer of at most 2147483647 in magnitude, found 4294967296");
    run(good, "--set", "checkpoint.keep=4294967297").fails(2, "checkpoint.keep: expected an"
        + " integer of at most 2147483647");
  }

  private static Path variant(String name, byte[] images, byte[] labels) throws IOException {
    Path dir = tmp.resolve(name);
    IdxFiles.write(dir, "train", images, labels);
    IdxFiles.write(dir, "t10k", IdxFiles.images(3, 60, 8, 8), IdxFiles.labels(4, 60, 10));
    return dir;
  }
}
