package dev.neuron.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReportTest {
  /** The reference job's first epochs (784-512-10, RMSprop, 10% validation split). */
  static final List<EpochRecord> REFERENCE = List.of(
      new EpochRecord(1, 0.268427, 0.922212, 0.152940, 0.954099, 128.185, 422.0),
      new EpochRecord(2, 0.110235, 0.967188, 0.108787, 0.966802, 95.609, 565.8),
      new EpochRecord(3, 0.071811, 0.979259, 0.089414, 0.972900, 69.533, 778.0),
      new EpochRecord(4, 0.052098, 0.984195, 0.093634, 0.974932, 51.569, 1049.0),
      new EpochRecord(5, 0.038163, 0.988280, 0.078664, 0.975440, 47.091, 1148.8));

  @Test
  void historyCsvHasKerasColumnsAndEmptyCellsWithoutValidation() {
    String csv = HistoryCsv.format(List.of(REFERENCE.get(0),
        new EpochRecord(2, 0.5, 0.75, Double.NaN, Double.NaN, 1.25, 800, 1e-4f)));
    assertEquals("""
        epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second
        1,0.268427,0.922212,0.152940,0.954099,,128.185,422.0
        2,0.500000,0.750000,,,1.0E-4,1.250,800.0
        """, csv);
  }

  @Test
  void curvesAreAPngWithTrainAndValidationColours() throws Exception {
    byte[] png = Curves.png(REFERENCE, "seed 1");
    Files.write(Path.of("target", "curves-sample.png"), png);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(1040, img.getWidth());
    assertEquals(380, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        colours.add(img.getRGB(x, y) & 0xffffff);
      }
    }
    assertTrue(colours.contains(0x1f77b4), "the train series' blue is drawn");
    assertTrue(colours.contains(0xff7f0e), "the validation series' orange is drawn");
  }

  @Test
  void curvesNeedAnEpoch() {
    assertThrows(IllegalArgumentException.class, () -> Curves.png(List.of(), ""));
  }
}
