package dev.neuron.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.MiniHdfs;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing an output on each kind of file system: the local one and a real HDFS publish by a
 * rename that refuses a target which appeared meanwhile (the finished output is kept and named);
 * an object store (here {@link CopyRenameFileSystem}) gets the files in place and a marker last,
 * and readers refuse a folder without it.
 */
class OutputDirTest {
  private static final Network NET = Network.input(3).dense(2, Activation.SOFTMAX).build();
  private static final SavedModel MODEL =
      new SavedModel(NET, new float[NET.paramCount()], Map.of("test", "OutputDirTest"));

  @TempDir
  Path tmp;

  @Test
  void locallyATargetThatAppearedIsRefusedAndTheResultKept() throws Exception {
    Configuration conf = new Configuration();
    targetThatAppearedIsRefused(conf, tmp.resolve("a").toUri().toString(), true);
    targetThatAppearedIsRefused(conf, tmp.resolve("b").toUri().toString(), false);
  }

  @Test
  void onHdfsATargetThatAppearedIsRefusedAndTheResultKept() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      Configuration conf = hdfs.fs().getConf();
      targetThatAppearedIsRefused(conf, hdfs.uri("/runs/a"), true);
      targetThatAppearedIsRefused(conf, hdfs.uri("/runs/b"), false);
      OutputDir out = OutputDir.create(conf, hdfs.uri("/runs/c"));
      ModelFile.write(conf, out.file(ModelFile.NAME), MODEL);
      out.commit();
      assertEquals(List.of(OutputDir.MARKER, ModelFile.NAME), names(conf, hdfs.uri("/runs/c")));
      assertEquals(NET, ModelFile.read(conf, hdfs.uri("/runs/c")).network());
    }
  }

  @Test
  void aMarkerLeftBySparksWriterIsWrittenAgainLast() throws Exception {
    Configuration conf = new Configuration();
    String target = tmp.resolve("spark-written").toUri().toString();
    OutputDir out = OutputDir.create(conf, target);
    // What Spark's Parquet writer leaves in the staging folder: its parts and its own _SUCCESS.
    out.writeText("part-00000.parquet", "x");
    out.writeText(OutputDir.MARKER, "");
    out.commit();
    assertEquals(List.of(OutputDir.MARKER, "part-00000.parquet"), names(conf, target));
  }

  /** The target appears (holding a file, or empty) between the start and the commit. */
  private static void targetThatAppearedIsRefused(Configuration conf, String target,
      boolean withFile) throws Exception {
    OutputDir out = OutputDir.create(conf, target);
    ModelFile.write(conf, out.file(ModelFile.NAME), MODEL);
    FileSystem fs = new org.apache.hadoop.fs.Path(target).getFileSystem(conf);
    fs.mkdirs(new org.apache.hadoop.fs.Path(target));
    if (withFile) {
      fs.create(new org.apache.hadoop.fs.Path(target, "other")).close();
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, out::commit);
    out.abort(); // as a failed job does
    String staging = out.stagingDir();
    assertTrue(e.getMessage().contains("appeared") && e.getMessage().contains(staging),
        e.getMessage());
    assertEquals(withFile ? List.of("other") : List.of(), names(conf, target),
        "the other target is left as it was, nothing moved inside");
    assertEquals(NET, ModelFile.read(conf, out.file(ModelFile.NAME)).network(),
        "the finished model is kept where the message says");
  }

  @Test
  void onAnObjectStoreFilesGoInPlaceAndReadersWaitForTheMarker() throws Exception {
    Configuration conf = CopyRenameFileSystem.conf();
    String target = CopyRenameFileSystem.SCHEME + "://" + tmp.resolve("out").toUri().getPath();
    OutputDir out = OutputDir.create(conf, target);
    ModelFile.write(conf, out.file(ModelFile.NAME), MODEL);
    assertEquals(List.of("out"), names(conf, CopyRenameFileSystem.SCHEME + "://"
        + tmp.toUri().getPath()), "written in place: no staging folder to copy later");
    FormatException early = assertThrows(FormatException.class,
        () -> ModelFile.read(conf, target));
    assertTrue(early.getMessage().contains("no _SUCCESS marker"), early.getMessage());
    out.commit();
    assertEquals(List.of(OutputDir.MARKER, ModelFile.NAME), names(conf, target));
    assertEquals(NET, ModelFile.read(conf, target).network());
  }

  @Test
  void onAnObjectStoreAFailedRunLeavesNoTargetThatLaterRunsRefuse() throws Exception {
    Configuration conf = CopyRenameFileSystem.conf();
    String target = CopyRenameFileSystem.SCHEME + "://" + tmp.resolve("out").toUri().getPath();
    OutputDir failed = OutputDir.create(conf, target);
    failed.writeText("metrics.json", "{}");
    failed.abort();
    OutputDir again = OutputDir.create(conf, target);
    ModelFile.write(conf, again.file(ModelFile.NAME), MODEL);
    again.commit();
    assertEquals(List.of(OutputDir.MARKER, ModelFile.NAME), names(conf, target));
  }

  @Test
  void aFailedCommitNeverDeletesTheFinishedFiles() throws Exception {
    Configuration conf = new Configuration();
    OutputDir out = OutputDir.create(conf, tmp.resolve("x").toString());
    ModelFile.write(conf, out.file(ModelFile.NAME), MODEL);
    // The marker cannot be created: something already took its name.
    FileSystem fs = FileSystem.getLocal(conf);
    fs.mkdirs(new org.apache.hadoop.fs.Path(out.file(OutputDir.MARKER) + "/blocked"));
    assertThrows(IllegalStateException.class, out::commit);
    out.abort();
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(tmp.resolve("x").toUri())));
    assertEquals(NET, ModelFile.read(conf, out.file(ModelFile.NAME)).network(), "kept");
  }

  private static List<String> names(Configuration conf, String dir) throws Exception {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
    List<String> names = new ArrayList<>();
    for (FileStatus f : p.getFileSystem(conf).listStatus(p)) {
      if (!f.getPath().getName().endsWith(".crc")) {
        names.add(f.getPath().getName());
      }
    }
    Collections.sort(names);
    return names;
  }
}
