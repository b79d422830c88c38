package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.data.DataException;
import dev.neuron.read.IdxDataset;
import dev.neuron.read.IdxFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of every reader of untrusted bytes: IDX images and labels (plain and gzip),
 * model files and checkpoint files. Thousands of corrupted files (bit flips, truncations, random
 * lengths and header fields, byte insertions, and JSON field mutations under a valid CRC) may only
 * produce our own error type, never another exception, a hang (a time limit per batch) or a large
 * allocation (measured per case with the thread's allocation counter).
 */
class ReaderFuzzTest {
  private static final int CASES = 1000;
  private static final int BATCH = 250;
  private static final long MAX_ALLOCATION = 64L << 20;
  private static final Configuration CONF = new Configuration();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TempDir
  Path diskDir;
  private Path dir;

  /** Thousands of small writes are ~20× faster in memory (tmpfs) than on this disk. */
  @BeforeEach
  void pickDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir = Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "neuron-fuzz") : diskDir;
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (!dir.equals(diskDir)) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  /** One way to corrupt a file, chosen at random; never returns the input unchanged on purpose. */
  static byte[] mutate(byte[] good, SplittableRandom rnd) {
    byte[] b = good.clone();
    switch (rnd.nextInt(6)) {
      case 0 -> {
        for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
          int at = rnd.nextInt(b.length);
          b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
      case 2 -> {
        // A header-sized field overwritten with a random or boundary value (lengths, counts).
        int at = rnd.nextInt(Math.min(b.length, 64)) & ~3;
        long[] edges = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, 1L << 32,
            b.length, b.length + 1, rnd.nextLong()};
        long v = edges[rnd.nextInt(edges.length)];
        ByteBuffer bb = ByteBuffer.wrap(b).order(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN
            : ByteOrder.BIG_ENDIAN);
        if (at + 8 <= b.length && rnd.nextBoolean()) {
          bb.putLong(at, v);
        } else if (at + 4 <= b.length) {
          bb.putInt(at, (int) v);
        }
      }
      case 3 -> {
        int at = rnd.nextInt(b.length);
        byte[] extra = new byte[1 + rnd.nextInt(16)];
        rnd.nextBytes(extra);
        byte[] c = new byte[b.length + extra.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(extra, 0, c, at, extra.length);
        System.arraycopy(b, at, c, at + extra.length, b.length - at);
        b = c;
      }
      case 4 -> {
        int at = rnd.nextInt(b.length);
        int n = Math.min(b.length - at, 1 + rnd.nextInt(16));
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + n, c, at, b.length - at - n);
        b = c;
      }
      default -> {
        b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
      }
    }
    return b;
  }

  /**
   * Runs {@code cases} mutations in batches, each under a time limit; {@code check} reads one
   * corrupted case and may throw only {@code allowed}.
   */
  private static void fuzz(long seed, int cases, Class<? extends RuntimeException> allowed,
      Consumer<SplittableRandom> check) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] rejected = {0};
    for (int b = 0; b < cases; b += BATCH) {
      int first = b;
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        long thread = Thread.currentThread().getId();
        for (int i = first; i < Math.min(cases, first + BATCH); i++) {
          SplittableRandom caseRnd = rnd.split();
          long before = THREADS.getThreadAllocatedBytes(thread);
          try {
            check.accept(caseRnd);
          } catch (Throwable t) {
            if (!allowed.isInstance(t)) {
              fail("case " + i + " of seed " + seed + " threw " + t, t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
              fail("case " + i + ": " + allowed.getSimpleName() + " without a message");
            }
            rejected[0]++;
          }
          long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
          assertTrue(allocated < MAX_ALLOCATION, "case " + i + " allocated " + allocated);
        }
      }, "a batch of " + BATCH + " corrupted files took over 20 s (a reader hangs?)");
    }
    // Most mutations must be caught; a few (a flipped pixel) leave a valid file.
    assertTrue(rejected[0] > cases / 3, "only " + rejected[0] + " of " + cases + " rejected");
  }

  private Path write(String name, byte[] bytes) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void idxReadersOnlyThrowDataException() {
    byte[] images = IdxFiles.images(1, 20, 4, 3);
    byte[] labels = IdxFiles.labels(2, 20, 10);
    Path goodImages = write("good-images", images);
    Path goodLabels = write("good-labels", labels);
    fuzz(11, CASES, DataException.class, rnd -> {
      boolean gz = rnd.nextInt(4) == 0;
      boolean mutateImages = rnd.nextBoolean();
      byte[] source = mutateImages ? images : labels;
      byte[] bad = gz && rnd.nextBoolean() ? IdxFiles.gzip(mutate(source, rnd))
          : mutate(gz ? IdxFiles.gzip(source) : source, rnd);
      Path p = write("bad", bad);
      IdxDataset d = mutateImages ? IdxDataset.open(CONF, p.toString(), goodLabels.toString())
          : IdxDataset.open(CONF, goodImages.toString(), p.toString());
      d.read(CONF, 0, (int) d.count(), 10);
    });
  }

  @Test
  void modelReaderOnlyThrowsFormatException() throws IOException {
    Path good = dir.resolve("model.nrn");
    ModelFile.write(CONF, good.toString(), new SavedModel(CheckpointFileTest.NET,
        CheckpointFileTest.sample(1).state().params(), Map.of("train.seed", "1")));
    byte[] bytes = Files.readAllBytes(good);
    fuzz(12, CASES, FormatException.class,
        rnd -> ModelFile.read(CONF, write("bad.nrn", mutate(bytes, rnd)).toString()));
  }

  @Test
  void checkpointReaderOnlyThrowsFormatException() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFile.write(out, CheckpointFileTest.sample(1));
    byte[] bytes = out.toByteArray();
    fuzz(13, CASES, FormatException.class,
        rnd -> CheckpointFile.read(CONF, write("bad.nrnc", mutate(bytes, rnd)).toString()));
  }

  /** Field-level mutations under a valid CRC, so the checks behind the CRC are exercised too. */
  @Test
  void checkpointFieldsAreCheckedBehindAValidCrc() throws IOException {
    byte[] good = CheckpointFileTest.bytes(CheckpointFileTest.sample(1));
    Container.Contents c = Container.read(new ByteArrayInputStream(good), good.length, "x",
        CheckpointFile.MAGIC);
    fuzz(14, CASES, FormatException.class, rnd -> {
      JsonNode json = c.json().deepCopy();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        mutateField(json, rnd);
      }
      List<float[]> arrays = new ArrayList<>(c.arrays());
      if (rnd.nextInt(4) == 0) {
        int i = rnd.nextInt(arrays.size());
        arrays.set(i, Arrays.copyOf(arrays.get(i), rnd.nextInt(80)));
      }
      if (rnd.nextInt(6) == 0) {
        arrays.remove(rnd.nextInt(arrays.size()));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        Container.write(out, CheckpointFile.MAGIC, json, arrays);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      boolean model = rnd.nextInt(3) == 0;
      String path = write("field.nrnc", out.toByteArray()).toString();
      if (model) {
        // The same mutations read as a model file (its magic swapped in) hit NetworkJson alone.
        byte[] b = out.toByteArray();
        System.arraycopy(ModelFile.MAGIC.getBytes(), 0, b, 0, 8);
        fixCrc(b);
        ModelFile.read(CONF, write("field.nrn", b).toString());
      } else {
        CheckpointFile.read(CONF, path);
      }
    });
  }

  /** Picks a random node of the tree and replaces, removes or retypes one of its fields. */
  private static void mutateField(JsonNode root, SplittableRandom rnd) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(rnd.nextInt(containers.size()));
    JsonNode[] junk = {JsonNodeFactory.instance.numberNode(-1),
        JsonNodeFactory.instance.numberNode(Long.MAX_VALUE),
        JsonNodeFactory.instance.numberNode(1e300), JsonNodeFactory.instance.numberNode(2.5),
        JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(1 << 30),
        JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.textNode("softmax"),
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.arrayNode(),
        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.booleanNode(true)};
    JsonNode value = junk[rnd.nextInt(junk.length)];
    if (target instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(rnd.nextInt(names.size()));
      if (rnd.nextInt(4) == 0) {
        o.remove(name);
      } else {
        o.set(name, value);
      }
    } else if (target instanceof ArrayNode a && a.size() > 0) {
      int i = rnd.nextInt(a.size());
      if (rnd.nextBoolean()) {
        a.remove(i);
      } else {
        a.set(i, value);
      }
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private static void fixCrc(byte[] b) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
  }
}
