package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing's partitions: a large folder in near-equal groups, small folders sharing one, names
 * sorted, hidden files left out, image-named entries taken as files without a stat.
 */
class ImageFilesTest {
  private static List<String> list(Path root) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return ImageFiles.list(fs, fs.makeQualified(new org.apache.hadoop.fs.Path(root.toString())));
  }

  /** Per group, per folder line: the folder's last name and its file count. */
  private static List<String> shape(List<String> groups) {
    List<String> out = new ArrayList<>();
    for (String g : groups) {
      StringBuilder s = new StringBuilder();
      int files = 0;
      for (String line : g.split(String.valueOf(ImageFiles.SEP))) {
        if (line.contains("/")) {
          s.append(files > 0 ? files + " " : "").append(line.substring(line.lastIndexOf('/') + 1))
              .append(':');
          files = 0;
        } else {
          files++;
        }
      }
      out.add(s.append(files).toString());
    }
    return out;
  }

  private static void files(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      Files.createFile(dir.resolve(String.format("%05d.png", i)));
    }
  }

  @Test
  void largeFoldersSplitEvenlyAndSmallOnesShareAGroup(@TempDir Path tmp) throws Exception {
    files(tmp.resolve("0"), 2 * ImageFiles.GROUP + 1);
    for (int k = 1; k <= 5; k++) {
      files(tmp.resolve("1/sub" + k), 300);
    }
    files(tmp.resolve("2"), ImageFiles.GROUP);
    assertEquals(List.of("0:683", "0:683", "0:683", "sub1:300 sub2:300 sub3:300",
        "sub4:300 sub5:300", "2:1024"), shape(list(tmp)));
  }

  @Test
  void aSmallSetIsCutSoThatEveryCoreGetsWork(@TempDir Path tmp) throws Exception {
    for (int k = 0; k < 10; k++) {
      files(tmp.resolve(Integer.toString(k)), 100);
    }
    List<String> one = list(tmp);
    assertEquals(1, one.size());
    assertEquals(one, ImageFiles.atLeast(one, 1));
    assertEquals(List.of("0:100 1:100 2:50", "2:50 3:100 4:100", "5:100 6:100 7:50",
        "7:50 8:100 9:100"), shape(ImageFiles.atLeast(one, 4)));
    files(tmp.resolve("few/3"), 3);
    assertEquals(List.of("3:1", "3:1", "3:1"),
        shape(ImageFiles.atLeast(list(tmp.resolve("few")), 10)));
  }

  @Test
  void namesAreSortedAndHiddenOnesLeftOut(@TempDir Path tmp) throws Exception {
    Path d = tmp.resolve("7");
    Files.createDirectories(d);
    for (String n : new String[] {"b.png", "a.JPG", ".hidden.png", "_SUCCESS", "c.jpeg", "x"}) {
      Files.createFile(d.resolve(n));
    }
    Files.createDirectories(tmp.resolve("_temporary/0"));
    Files.createFile(tmp.resolve("_temporary/0/y.png"));
    List<String> groups = list(tmp);
    assertEquals(1, groups.size());
    String[] lines = groups.get(0).split(String.valueOf(ImageFiles.SEP));
    assertTrue(lines[0].endsWith(tmp.getFileName() + "/7"), lines[0]);
    assertEquals(List.of("a.JPG", "b.png", "c.jpeg", "x"), List.of(lines).subList(1, 5));
  }

  @Test
  void imageNamesAreTakenAsFilesOtherNamesAreChecked(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("odd.png"));
    Files.createDirectories(tmp.resolve("sub"));
    Files.createFile(tmp.resolve("sub/z.png"));
    assertEquals(List.of(tmp.getFileName() + ":1 sub:1"), shape(list(tmp)));
    assertTrue(list(tmp).get(0).contains(ImageFiles.SEP + "odd.png" + ImageFiles.SEP));
  }
}
