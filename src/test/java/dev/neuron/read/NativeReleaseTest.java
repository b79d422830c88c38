package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.neuron.LocalSpark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails on a bad image still releases its decoders' native memory (the PNG
 * decoder's zlib stream, TurboJPEG's handle and buffers), not only one whose reader ran dry.
 */
@ExtendWith(LocalSpark.class)
class NativeReleaseTest {
  @Test
  void aFailedTaskReleasesItsNativeDecoders(SparkSession spark, @TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("set/3");
    Files.createDirectories(dir);
    for (int i = 0; i < 4; i++) {
      ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png",
          dir.resolve(i + ".png").toFile());
    }
    Files.write(dir.resolve("9-bad.png"), BadInputTest.pngHeaderOnly(28, 28));
    int before = ImageCodec.openNative();
    Examples<?> ex = ExampleSources.open(spark, tmp.resolve("set").toString(),
        ReadSpec.of(InputFormat.IMAGES), 784, 10, ReadSpec.Labels.REQUIRED);
    assertThrows(Exception.class, () -> Decoded.collect(ex));
    assertEquals(before, ImageCodec.openNative(), "native decoders left open");
  }
}
