package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.data.DataException;
import dev.neuron.read.ImageSets;
import dev.neuron.io.CopyRenameFileSystem;
import dev.neuron.data.TrainingSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes are bounded before time or memory is spent on them: a small gzip IDX file that
 * decompresses far past its declared records, or declares more than it can hold; and sizes beyond
 * Java's int range (a block or a generator source of more than 2^31 bytes, from sparse files that
 * take no disk space) are refused with a clear error where they are read, not a
 * NegativeArraySizeException in a task.
 */
@ExtendWith(LocalSpark.class)
class SizeBoundsTest {
  @TempDir
  Path tmp;

  @Test
  void aGzipBombIsDecompressedOnlyToItsDeclaredLength() throws IOException {
    // 10 images of 8×8 as declared, then 256 MiB of zeros: about 250 KB compressed.
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
      out.write(header(IdxFile.IMAGES_MAGIC, 10, 8, 8));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        out.write(zeros);
      }
    }
    Path file = tmp.resolve("bomb-idx3-ubyte.gz");
    Files.write(file, gz.toByteArray());
    Configuration conf = CopyRenameFileSystem.conf();
    FileSystem.Statistics stats =
        FileSystem.getStatistics(CopyRenameFileSystem.SCHEME, CopyRenameFileSystem.class);
    long before = stats.getBytesRead();
    DataException e = assertThrows(DataException.class, () -> IdxFile.open(conf,
        CopyRenameFileSystem.SCHEME + "://" + file.toUri().getPath()));
    long read = stats.getBytesRead() - before;
    assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    assertTrue(read < gz.size() / 2, "read " + read + " of the " + gz.size()
        + " compressed bytes: decompression went past the declared records");
  }

  @Test
  void aGzipFileCannotDeclareMoreThanDeflateCanHold() throws IOException {
    Path file = tmp.resolve("huge-idx3-ubyte.gz");
    Files.write(file, IdxFiles.gzip(header(IdxFile.IMAGES_MAGIC, 1_000_000_000, 28, 28)));
    DataException e = assertThrows(DataException.class,
        () -> IdxFile.open(new Configuration(), file.toString()));
    assertTrue(e.getMessage().contains("more than a gzip file of"), e.getMessage());
  }

  @Test
  void aBlockBeyondIntIsRefusedOnTheDriver(JavaSparkContext jsc) throws IOException {
    // 3·10^9 images of 1×1 pixel: 3 GB, more than one block (one partition) can hold.
    long n = 3_000_000_000L;
    sparse(tmp.resolve("train-images-idx3-ubyte"), header(IdxFile.IMAGES_MAGIC, (int) n, 1, 1),
        n);
    sparse(tmp.resolve("train-labels-idx1-ubyte"), labelHeader((int) n), n);
    IdxDataset data = IdxDataset.inDirectory(new Configuration(), tmp.toString(), "train");
    assertEquals(n, data.count());
    DataException e = assertThrows(DataException.class,
        () -> IdxBlocks.cached(jsc, data, 1, 10));
    assertTrue(e.getMessage().contains("use more partitions"), e.getMessage());
  }

  @Test
  void anImageSetSourceBeyondIntIsRefused(SparkSession spark) throws IOException {
    // 3·10^6 images of 28×28: 2.35 GB, more than the generator's one source array holds.
    int n = 3_000_000;
    sparse(tmp.resolve("train-images-idx3-ubyte"), header(IdxFile.IMAGES_MAGIC, n, 28, 28),
        (long) n * 784);
    sparse(tmp.resolve("train-labels-idx1-ubyte"), labelHeader(n), n);
    IdxDataset source = IdxDataset.inDirectory(new Configuration(), tmp.toString(), "train");
    Path out = Files.createDirectory(tmp.resolve("set"));
    DataException e = assertThrows(DataException.class, () -> ImageSets.write(spark, source, 10,
        1, ImageSets.Layout.CSV, out.toString(), 1));
    assertTrue(e.getMessage().contains("use a smaller source"), e.getMessage());
  }

  private static byte[] header(int magic, int count, int rows, int cols) {
    return ByteBuffer.allocate(16).putInt(magic).putInt(count).putInt(rows).putInt(cols).array();
  }

  private static byte[] labelHeader(int count) {
    return ByteBuffer.allocate(8).putInt(IdxFile.LABELS_MAGIC).putInt(count).array();
  }

  /** The header, then {@code body} zero bytes that the file system stores as a hole. */
  private static void sparse(Path file, byte[] header, long body) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(header);
      f.setLength(header.length + body);
    }
  }
}
