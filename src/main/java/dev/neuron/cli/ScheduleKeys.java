package dev.neuron.cli;

import dev.neuron.optim.Schedule;
import dev.neuron.train.ReduceLrOnPlateau;

/**
 * The learning-rate keys of a training configuration: {@code schedule} (a decay of
 * {@link dev.neuron.optim.Decay}) with its {@code schedule.<setting>} keys, and {@code reduce_lr}
 * ({@code off} or the monitored quantity) with its {@code reduce_lr.<setting>} keys
 * ({@link ReduceLrOnPlateau#SETTINGS}). The settings, their checks and defaults are the
 * declarations'; this class only reads the keys.
 */
final class ScheduleKeys {
  static final String SCHEDULE = "schedule";

  private ScheduleKeys() {}

  /** Whether {@code key} is a setting key of the schedule or of reduce-on-plateau. */
  static boolean owns(String key) {
    return key.startsWith(SCHEDULE + ".") || key.startsWith(ReduceLrOnPlateau.KEY + ".");
  }

  static Schedule schedule(ConfigValues v) {
    try {
      return Schedule.of(v.text(SCHEDULE), v.settings(SCHEDULE));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(SCHEDULE + ": " + e.getMessage());
    }
  }

  /** Reduce-on-plateau as configured; {@code null} when {@code reduce_lr} is off. */
  static ReduceLrOnPlateau plateau(ConfigValues v) {
    try {
      return ReduceLrOnPlateau.of(v.text(ReduceLrOnPlateau.KEY),
          v.settings(ReduceLrOnPlateau.KEY));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ReduceLrOnPlateau.KEY + ": " + e.getMessage());
    }
  }
}
