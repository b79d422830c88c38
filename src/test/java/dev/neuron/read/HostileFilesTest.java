package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.data.DataException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders made to hang, exhaust or mislead the listing and the reader: symbolic-link loops,
 * links out of the folder, a FIFO named like an image, an empty folder, a newline in a folder's
 * name, a file that vanishes between the listing and the read.
 */
@ExtendWith(LocalSpark.class)
class HostileFilesTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** What a read of every file under a folder gave: "label name" per image, skips by reason. */
  record Read(List<String> images, long[] skipped) {
    long skipped(SkipReason r) {
      return skipped[r.ordinal()];
    }
  }

  static List<String> list(Path root) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return ImageFiles.list(fs, fs.makeQualified(new org.apache.hadoop.fs.Path(root.toString())));
  }

  /** Lists {@code root} and reads every file as the tasks would, optional labels. */
  static Read read(Path root, ReadSpec.Invalid invalid) throws Exception {
    List<String> groups = list(root);
    ImageRead how = ImageFiles.readFor(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(root.toUri()), new ImageRead(ImageShape.of(4), 10, 255f,
            ReadSpec.Sizes.EXACT, invalid, ReadSpec.Labels.OPTIONAL));
    ChunkReader reader = new ImageChunkReader(new Configuration(), groups.iterator(), how);
    Chunk c = new Chunk(4, 8, ReadSpec.Ids.FILE_PATH);
    List<String> images = new ArrayList<>();
    while (reader.fill(c)) {
      for (int i = 0; i < c.cols(); i++) {
        String name = c.names()[i];
        images.add(c.labels()[i] + " " + name.substring(name.indexOf(root.getFileName()
            .toString()) + root.getFileName().toString().length() + 1));
      }
    }
    images.sort(null);
    return new Read(images, reader.skipped());
  }

  static void png(Path file, int grey) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, grey);
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void linkLoopsAreNotFollowedAndEachFolderIsListedOnce(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("set");
    png(root.resolve("3/a.png"), 1);
    Files.createSymbolicLink(root.resolve("a"), Path.of("."));
    Files.createSymbolicLink(root.resolve("b"), Path.of("."));
    Files.createSymbolicLink(root.resolve("3/loop"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("4"), Path.of("3")); // a second name for a folder
    Read r = assertTimeoutPreemptively(LIMIT, () -> read(root, ReadSpec.Invalid.SKIP));
    assertEquals(List.of("3 3/a.png"), r.images());
  }

  @Test
  void linksOutOfTheFolderAreNotReadLinksInsideAre(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("set");
    png(root.resolve("3/a.png"), 1);
    png(tmp.resolve("outside/7/secret.png"), 2);
    Files.createSymbolicLink(root.resolve("7"), tmp.resolve("outside/7"));
    Files.createSymbolicLink(root.resolve("3/secret.png"), tmp.resolve("outside/7/secret.png"));
    Files.createDirectories(root.resolve("5"));
    Files.createSymbolicLink(root.resolve("5/same.png"), Path.of("../3/a.png"));
    Read r = assertTimeoutPreemptively(LIMIT, () -> read(root, ReadSpec.Invalid.SKIP));
    assertEquals(List.of("3 3/a.png", "5 5/same.png"), r.images());
    assertEquals(1, r.skipped(SkipReason.NOT_AN_IMAGE));
    String msg = assertThrows(DataException.class, () -> read(root, ReadSpec.Invalid.FAIL))
        .getMessage();
    assertTrue(msg.contains("3/secret.png, field image: ") && msg.contains("outside"), msg);
  }

  @Test
  void aFifoNamedLikeAnImageIsNotOpened(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("set");
    png(root.resolve("3/a.png"), 1);
    Process p = new ProcessBuilder("mkfifo", root.resolve("3/x.png").toString()).start();
    assertEquals(0, p.waitFor());
    Read r = assertTimeoutPreemptively(LIMIT, () -> read(root, ReadSpec.Invalid.SKIP));
    assertEquals(List.of("3 3/a.png"), r.images());
    assertEquals(1, r.skipped(SkipReason.NOT_AN_IMAGE));
    String msg = assertTimeoutPreemptively(LIMIT, () -> assertThrows(DataException.class,
        () -> read(root, ReadSpec.Invalid.FAIL)).getMessage());
    assertTrue(msg.contains("3/x.png, field image: not a regular file"), msg);
  }

  @Test
  void anEmptyOrAllHiddenFolderSaysSo(JavaSparkContext jsc, @TempDir Path tmp)
      throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    Files.createDirectories(tmp.resolve("hidden/_temporary"));
    Files.createFile(tmp.resolve("hidden/.x.png"));
    Files.createFile(tmp.resolve("hidden/_temporary/y.png"));
    for (String name : new String[] {"empty", "hidden"}) {
      String path = tmp.resolve(name).toString();
      DataException e = assertThrows(DataException.class, () -> ImageFiles.open(jsc, path,
          ReadSpec.of(InputFormat.IMAGES), 784, 10, ReadSpec.Labels.REQUIRED));
      assertTrue(e.getMessage().startsWith(path + ": no image files under it"), e.getMessage());
    }
  }

  @Test
  void aNewlineInAFolderNameIsPartOfTheName(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("set");
    png(root.resolve("5/b.png"), 1);
    png(root.resolve("5\nz/b.png"), 2);
    png(root.resolve("5/z"), 4);
    png(root.resolve("6/c\nd.png"), 3);
    Read r = read(root, ReadSpec.Invalid.FAIL);
    assertEquals(List.of("-1 5\nz/b.png", "5 5/b.png", "5 5/z", "6 6/c\nd.png"), r.images());
  }

  @Test
  void aFileThatVanishesIsASkipOrAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("set");
    png(root.resolve("3/a.png"), 1);
    png(root.resolve("3/gone.png"), 2);
    List<String> groups = list(root);
    Files.delete(root.resolve("3/gone.png"));
    for (ReadSpec.Invalid invalid : ReadSpec.Invalid.values()) {
      ImageChunkReader reader = new ImageChunkReader(new Configuration(), groups.iterator(),
          new ImageRead(ImageShape.of(4), 10, 255f, ReadSpec.Sizes.EXACT, invalid,
              ReadSpec.Labels.REQUIRED));
      Chunk c = new Chunk(4, 8, ReadSpec.Ids.ROW_INDEX);
      if (invalid == ReadSpec.Invalid.SKIP) {
        assertTrue(reader.fill(c));
        assertEquals(1, c.cols());
        assertEquals(1, reader.skipped()[SkipReason.UNREADABLE.ordinal()]);
      } else {
        String msg = assertThrows(DataException.class, () -> reader.fill(c)).getMessage();
        assertTrue(msg.contains("3/gone.png, field image: cannot read: "), msg);
      }
    }
  }
}
