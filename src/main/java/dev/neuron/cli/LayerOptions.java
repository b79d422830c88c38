package dev.neuron.cli;

import dev.neuron.nn.Network;
import dev.neuron.optim.Setting;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The options a layer of {@code model.layers} may carry after {@code units:activation}, each
 * {@code :key=value}: the layer settings {@link Network} declares ({@code l2}, {@code dropout}),
 * e.g. {@code 512:relu:l2=1e-4:dropout=0.2}.
 */
final class LayerOptions {
  static final List<Setting> SETTINGS = List.of(Network.L2, Network.DROPOUT);

  private LayerOptions() {}

  /** Applies {@code parts[2…]} of layer spec {@code layer} to the layer just added to {@code b}. */
  static void apply(Network.Builder b, String[] parts, String layer) {
    for (int i = 2; i < parts.length; i++) {
      String option = parts[i].trim();
      int eq = option.indexOf('=');
      String key = eq < 0 ? option : option.substring(0, eq).trim();
      Setting setting = SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst()
          .orElseThrow(() -> new ConfigException("model.layers: unknown layer option '" + option
              + "' in '" + layer.trim() + "'; expected key=value with key one of " + keys()));
      if (eq < 0) {
        throw new ConfigException("model.layers: expected " + key + "=value, found '" + option
            + "' in '" + layer.trim() + "'");
      }
      float v;
      try {
        v = setting.parse(option.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("model.layers: " + key + " of '" + layer.trim() + "': "
            + e.getMessage());
      }
      try {
        if (setting == Network.L2) {
          b.l2(v);
        } else {
          b.dropout(v);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException("model.layers: '" + layer.trim() + "': " + e.getMessage());
      }
    }
  }

  /** {@code l2, dropout}. */
  static String keys() {
    return SETTINGS.stream().map(Setting::key).collect(Collectors.joining(", "));
  }
}
