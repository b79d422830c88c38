package dev.neuron.cli;

import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import dev.neuron.train.ClassWeights;
import dev.neuron.train.ValidationNeed;
import java.util.Locale;
import org.apache.spark.storage.StorageLevel;

/**
 * The training data as configured, parsed once: {@code data.*} (where it is, its layout, columns,
 * invalid-record policy, weights) and the two {@code train.*} keys that say how it is held
 * ({@code train.storage_level}, Spark's names) and split ({@code train.validation_split}).
 *
 * @param validation IDX files in {@code dir} held out for validation; empty: none
 * @param weightColumn the table column of sample weights; empty: none
 * @param classWeights {@code data.class_weights}: {@code balanced}, one weight per class, or
 *     {@code null} (none)
 * @param validationSplit the fraction of the training data held out for validation (0: none)
 */
record DataConfig(String dir, InputFormat format, String train, String test, String validation,
    String labelColumn, String featuresColumn, boolean skipInvalid, String weightColumn,
    ClassWeights classWeights, StorageLevel storageLevel, double validationSplit) {

  /** Reads and checks the keys, each on its own; {@link TrainConfig} checks them together. */
  static DataConfig parse(ConfigValues v) {
    InputFormat format;
    try {
      format = InputFormat.fromKey(v.text("data.format"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("data.format: " + e.getMessage().replace("--format: ", ""));
    }
    StorageLevel level;
    try {
      level = StorageLevel.fromString(v.text("train.storage_level").trim().toUpperCase(
          Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train.storage_level: expected one of MEMORY_ONLY,"
          + " MEMORY_AND_DISK, MEMORY_ONLY_SER, MEMORY_AND_DISK_SER, DISK_ONLY, found '"
          + v.text("train.storage_level") + "'");
    }
    boolean skipInvalid = v.bool("data.skip_invalid");
    String validation = v.text("data.validation");
    if (format != InputFormat.IDX && !validation.isEmpty()) {
      throw new ConfigException("data.validation names IDX files in data.dir, which holds "
          + format.key() + " data; use train.validation_split");
    }
    double split = v.number("train.validation_split");
    if (!(split >= 0 && split < 1)) {
      throw new ConfigException("train.validation_split: expected a fraction in [0, 1), found "
          + v.text("train.validation_split"));
    }
    try {
      ValidationNeed.oneSource("train.validation_split", split > 0, "data.validation",
          !validation.isEmpty());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    ClassWeights classWeights;
    try {
      classWeights = ClassWeights.parse(v.text("data.class_weights"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("data.class_weights: " + e.getMessage());
    }
    return new DataConfig(v.text("data.dir"), format, v.text("data.train"), v.text("data.test"),
        validation, v.text("data.label_column"), v.text("data.features_column"), skipInvalid,
        v.text("data.weight_column"), classWeights, level, split);
  }

  /** Whether the run holds out validation data (a split, or IDX files of its own). */
  boolean hasValidation() {
    return validationSplit > 0 || !validation.isEmpty();
  }

  /** How the readers decode {@code f} input: columns and invalid records as configured. */
  ReadSpec readSpec(InputFormat f) {
    return ReadSpec.of(f).withInvalid(skipInvalid ? ReadSpec.Invalid.SKIP
        : ReadSpec.Invalid.FAIL).withColumns(labelColumn, featuresColumn);
  }
}
