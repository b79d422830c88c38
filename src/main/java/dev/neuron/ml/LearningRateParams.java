package dev.neuron.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The learning-rate params of Neuron's estimators and models: {@code schedule} (none, step,
 * exponential, cosine) with the settings the decays declare ({@code warmupSteps},
 * {@code decaySteps}, {@code decayRate}, {@code alpha}), and {@code reduceLr} (off, or the
 * monitored quantity) with reduce-on-plateau's ({@code reduceLrFactor}, {@code reduceLrPatience},
 * {@code reduceLrMinDelta}, {@code reduceLrCooldown}, {@code reduceLrMinLr}). The settings' params
 * derive from the declarations ({@link SettingParams}); these accessors are how Spark finds them.
 * Unset settings take the declared defaults (Keras').
 */
public interface LearningRateParams extends Params {
  ParamSet paramSet();

  private Param<?> scheduleSetting(String key) {
    return paramSet().scheduleSettings.get(key);
  }

  private Param<?> plateauSetting(String key) {
    return paramSet().plateauSettings.get(key);
  }

  default Param<String> schedule() {
    return paramSet().schedule;
  }

  default String getSchedule() {
    return (String) getOrDefault(schedule());
  }

  default IntParam warmupSteps() {
    return (IntParam) scheduleSetting("warmup_steps");
  }

  default int getWarmupSteps() {
    return (Integer) getOrDefault(warmupSteps());
  }

  default IntParam decaySteps() {
    return (IntParam) scheduleSetting("decay_steps");
  }

  default int getDecaySteps() {
    return (Integer) getOrDefault(decaySteps());
  }

  default DoubleParam decayRate() {
    return (DoubleParam) scheduleSetting("decay_rate");
  }

  default double getDecayRate() {
    return (Double) getOrDefault(decayRate());
  }

  default DoubleParam alpha() {
    return (DoubleParam) scheduleSetting("alpha");
  }

  default double getAlpha() {
    return (Double) getOrDefault(alpha());
  }

  default Param<String> reduceLr() {
    return paramSet().reduceLr;
  }

  default String getReduceLr() {
    return (String) getOrDefault(reduceLr());
  }

  default DoubleParam reduceLrFactor() {
    return (DoubleParam) plateauSetting("factor");
  }

  default double getReduceLrFactor() {
    return (Double) getOrDefault(reduceLrFactor());
  }

  default IntParam reduceLrPatience() {
    return (IntParam) plateauSetting("patience");
  }

  default int getReduceLrPatience() {
    return (Integer) getOrDefault(reduceLrPatience());
  }

  default DoubleParam reduceLrMinDelta() {
    return (DoubleParam) plateauSetting("min_delta");
  }

  default double getReduceLrMinDelta() {
    return (Double) getOrDefault(reduceLrMinDelta());
  }

  default IntParam reduceLrCooldown() {
    return (IntParam) plateauSetting("cooldown");
  }

  default int getReduceLrCooldown() {
    return (Integer) getOrDefault(reduceLrCooldown());
  }

  default DoubleParam reduceLrMinLr() {
    return (DoubleParam) plateauSetting("min_lr");
  }

  default double getReduceLrMinLr() {
    return (Double) getOrDefault(reduceLrMinLr());
  }
}
