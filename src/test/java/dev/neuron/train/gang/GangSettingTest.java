package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The gang's settings are declared once: the conf template lists exactly those keys with their
 * defaults, and every setting is read the same way (job-local property, Spark conf, default).
 */
class GangSettingTest {
  private static final Pattern TEMPLATE_LINE =
      Pattern.compile("^# (spark\\.neuron\\.gang\\.\\S+)\\s+(\\S+)$");

  @Test
  void theConfTemplateListsEverySettingWithItsDefault() throws IOException {
    Map<String, String> listed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("conf/spark-defaults.conf.template"))) {
      Matcher m = TEMPLATE_LINE.matcher(line);
      if (m.matches()) {
        listed.put(m.group(1), m.group(2));
      }
    }
    Map<String, String> declared = new LinkedHashMap<>();
    for (GangSetting s : GangSetting.values()) {
      declared.put(s.key(), s.declared().defaultValue());
    }
    assertEquals(declared, listed);
  }

  @Test
  void helpListsEverySetting() {
    String usage = GangSetting.usage(2);
    for (GangSetting s : GangSetting.values()) {
      assertTrue(usage.contains("  " + s.key() + " (default " + s.declared().defaultValue()
          + ")"), usage);
    }
  }

  @Test
  void aJobLocalPropertyWinsOverTheConfWhichWinsOverTheDefault() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
        LocalSpark.session().sparkContext());
    for (GangSetting s : GangSetting.values()) {
      assertEquals(jsc.getConf().get(s.key(), s.declared().defaultValue()), s.read(jsc), s.key());
    }
    try {
      jsc.setLocalProperty(GangSetting.PORT.key(), " 41234 ");
      jsc.setLocalProperty(GangSetting.HANDSHAKE_TIMEOUT.key(), "2min");
      assertEquals(41234, GangSetting.PORT.count(jsc));
      assertEquals(120_000L, GangSetting.HANDSHAKE_TIMEOUT.millis(jsc));
      jsc.setLocalProperty(GangSetting.PORT.key(), "-1");
      assertEquals("spark.neuron.gang.port must be a whole number >= 0, found '-1'",
          assertThrows(IllegalArgumentException.class, () -> GangSetting.PORT.count(jsc))
              .getMessage());
      jsc.setLocalProperty(GangSetting.COMBINE.key(), "ring");
      assertEquals("spark.neuron.gang.combine must be one of [auto, star, tree], found 'ring'",
          assertThrows(IllegalArgumentException.class,
              () -> GangSetting.COMBINE.choice(Combine.class, jsc)).getMessage());
    } finally {
      jsc.setLocalProperty(GangSetting.PORT.key(), null);
      jsc.setLocalProperty(GangSetting.HANDSHAKE_TIMEOUT.key(), null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
    }
    assertEquals(30_000L, GangSetting.HANDSHAKE_TIMEOUT.millis(jsc));
  }
}
