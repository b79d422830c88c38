package dev.neuron.cli;

/**
 * The {@code checkpoint.*} keys, parsed once.
 *
 * @param dir the checkpoint folder; empty: {@code <out>.checkpoints}
 * @param everySteps a checkpoint every this many optimizer steps besides each epoch's end; 0: at
 *     epoch ends only
 * @param keep how many checkpoints the folder keeps
 * @param allowOtherData whether a resume may continue on changed data files (reported, not
 *     refused)
 */
record CheckpointConfig(String dir, int everySteps, int keep, boolean allowOtherData) {
  static CheckpointConfig parse(ConfigValues v) {
    return new CheckpointConfig(v.text("checkpoint.dir"), v.nonNegative("checkpoint.every_steps"),
        v.positive("checkpoint.keep"), v.bool("checkpoint.allow_other_data"));
  }
}
