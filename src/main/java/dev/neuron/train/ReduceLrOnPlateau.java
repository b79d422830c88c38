package dev.neuron.train;

import dev.neuron.optim.Setting;
import dev.neuron.optim.SettingValues;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code ReduceLROnPlateau} settings: when {@link #monitor} has not improved for
 * {@link #patience} epochs, multiply the learning rate by {@link #factor} (not below
 * {@link #minLr}), then wait {@link #cooldown} epochs before counting again. Improving means
 * {@code v < best − min_delta} for a loss, {@code v > best + min_delta} for an accuracy.
 * {@link PlateauReducer} applies them. Declared once ({@link #SETTINGS}, Keras' names and
 * defaults): the CLI's {@code reduce_lr.*} keys and the Spark ML params {@code reduceLr*} derive
 * from them; the monitor is the CLI's {@code reduce_lr} (off, or the quantity) and the param
 * {@code reduceLr}.
 */
public record ReduceLrOnPlateau(EarlyStopping.Monitor monitor, float factor, int patience,
    float minDelta, int cooldown, float minLr) {
  /** The CLI key and Spark ML param prefix. */
  public static final String KEY = "reduce_lr";
  static final Setting FACTOR = new Setting("factor", Setting.Range.UNIT, "0.1",
      "the factor the rate is multiplied by on a plateau: new_lr = lr·factor");
  static final Setting PATIENCE = new Setting("patience", Setting.Range.COUNT, "10",
      "epochs without improvement before the rate is reduced");
  static final Setting MIN_DELTA = new Setting("min_delta", Setting.Range.NON_NEGATIVE, "1e-4",
      "the least change of the monitored value that counts as an improvement");
  static final Setting COOLDOWN = new Setting("cooldown", Setting.Range.COUNT, "0",
      "epochs after a reduction before epochs without improvement count again");
  static final Setting MIN_LR = new Setting("min_lr", Setting.Range.NON_NEGATIVE, "0",
      "the rate is never reduced below this");
  public static final List<Setting> SETTINGS = List.of(FACTOR, PATIENCE, MIN_DELTA, COOLDOWN,
      MIN_LR);

  public ReduceLrOnPlateau {
    if (monitor == null) {
      throw new IllegalArgumentException(KEY + " needs a monitor, expected one of "
          + EarlyStopping.Monitor.keys());
    }
    FACTOR.check(KEY, factor);
    PATIENCE.check(KEY, patience);
    MIN_DELTA.check(KEY, minDelta);
    COOLDOWN.check(KEY, cooldown);
    MIN_LR.check(KEY, minLr);
  }

  /**
   * The settings for monitor {@code monitor} from configured text by setting key; absent
   * settings take Keras' defaults. {@code off} returns {@code null}: the settings are checked but
   * unused, as early stopping's are without a patience.
   */
  public static ReduceLrOnPlateau of(String monitor, Map<String, String> values) {
    SettingValues v = SettingValues.resolve(KEY, SETTINGS, values,
        k -> new IllegalArgumentException(KEY + "." + k + ": unknown setting; " + KEY
            + " takes " + SETTINGS.stream().map(Setting::key).toList()));
    if (monitor.trim().equals("off")) {
      SETTINGS.forEach(s -> s.check(KEY, v.number(s)));
      return null;
    }
    return new ReduceLrOnPlateau(EarlyStopping.Monitor.fromKey(monitor), v.number(FACTOR),
        v.count(PATIENCE), v.number(MIN_DELTA), v.count(COOLDOWN), v.number(MIN_LR));
  }

  /** {@code off}, or the monitored quantities. */
  public static String choices() {
    return "off, " + EarlyStopping.Monitor.keys();
  }
}
