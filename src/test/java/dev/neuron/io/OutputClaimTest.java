package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an object store, where an output is written in place: an aborting run deletes only what it
 * wrote (not a racing run's files), and readers of Neuron's own outputs (image sets, predictions)
 * refuse one its run never finished, as the model reader does.
 */
@ExtendWith(LocalSpark.class)
class OutputClaimTest {
  @TempDir
  Path tmp;

  private String objstore(String name) {
    return CopyRenameFileSystem.SCHEME + "://" + tmp.resolve(name).toUri().getPath();
  }

  @Test
  void anAbortLeavesTheFilesOfARunThatTookTheTargetOver() throws Exception {
    Configuration conf = CopyRenameFileSystem.conf();
    String target = objstore("out");
    OutputDir mine = OutputDir.create(conf, target);
    mine.writeText("metrics.json", "{}");
    // Another run passed its existence check at the same instant and has since claimed the
    // folder and written into it.
    FileSystem fs = new org.apache.hadoop.fs.Path(target).getFileSystem(conf);
    try (var out = fs.create(new org.apache.hadoop.fs.Path(target, OutputDir.CLAIM), true)) {
      out.write("another-run".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    fs.create(new org.apache.hadoop.fs.Path(target, "theirs.json")).close();
    mine.abort();
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(target, "theirs.json")),
        "the other run's file was deleted");
    // Without a rival, an abort still removes the unfinished output.
    String alone = objstore("alone");
    OutputDir solo = OutputDir.create(conf, alone);
    solo.writeText("metrics.json", "{}");
    solo.abort();
    assertTrue(!fs.exists(new org.apache.hadoop.fs.Path(alone)), "left behind");
  }

  @Test
  void readersRefuseAnImageSetOrPredictionsWhoseRunDidNotFinish(SparkSession spark)
      throws Exception {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs." + CopyRenameFileSystem.SCHEME + ".impl",
        CopyRenameFileSystem.class.getName());
    hadoop.setBoolean("fs." + CopyRenameFileSystem.SCHEME + ".impl.disable.cache", true);
    // A make-image-set run killed after writing an image: no marker.
    OutputDir set = OutputDir.create(hadoop, objstore("set"));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", png);
    set.writeBytes("3/a.png", png.toByteArray());
    Exception e = assertThrows(Exception.class, () -> ExampleSources.open(spark, objstore("set"),
        ReadSpec.of(InputFormat.IMAGES), 784, 10, ReadSpec.Labels.REQUIRED));
    assertTrue(e.getMessage().contains("no _SUCCESS marker"), e.getMessage());
    // A predict run killed after its predictions, before its summary and marker.
    OutputDir scored = OutputDir.create(hadoop, objstore("scored"));
    scored.writeText("predictions/part-00000.csv", "label,prediction\n3,3\n");
    Exception p = assertThrows(Exception.class, () -> ExampleSources.open(spark,
        objstore("scored") + "/predictions", ReadSpec.of(InputFormat.CSV), 1, 10,
        ReadSpec.Labels.REQUIRED));
    assertTrue(p.getMessage().contains("no _SUCCESS marker"), p.getMessage());
  }
}
