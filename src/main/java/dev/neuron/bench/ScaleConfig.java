package dev.neuron.bench;

import java.util.List;

/**
 * One configuration of the scaling benchmark ({@code jobs/bench-scale.sh}): the reference job
 * ({@code conf/mnist-mlp.properties}) with {@code --set} overrides and Spark settings, trained for
 * {@code epochs}. Adding a configuration is one line in {@link #ALL}.
 */
public record ScaleConfig(String name, String description, int epochs, List<String> sets,
    List<String> sparkConf) {

  /**
   * Every configuration, by name. Large batches take the README's recipe ("Large batches"): at
   * 1024 the linear scaling rule (Goyal et al. 2017: RMSprop's rate times B/128), at 4096 LAMB,
   * each with a one-epoch linear warm-up and a cosine decay over the rest of the run; 4096 gets
   * 10 epochs, since in 5 no rule reached the reference's accuracy there.
   */
  public static final List<ScaleConfig> ALL = List.of(
      new ScaleConfig("f32", "per-step float32, batch 128 (the reference job)", 5, List.of(),
          List.of()),
      new ScaleConfig("w16", "per-step, batch 128, bf16 wire with error feedback", 5, List.of(),
          List.of("spark.neuron.gang.wire=bf16")),
      new ScaleConfig("b1024", "batch 1024, RMSprop 0.008, warm-up 1 epoch, cosine decay", 5,
          List.of("train.batch_size=1024", "optimizer.learning_rate=0.008",
              "schedule=cosine", "schedule.warmup_steps=59", "schedule.decay_steps=236"),
          List.of()),
      new ScaleConfig("b4096", "batch 4096, LAMB 0.08, warm-up 1 epoch, cosine decay", 10,
          List.of("train.batch_size=4096", "optimizer=lamb", "optimizer.learning_rate=0.08",
              "schedule=cosine", "schedule.warmup_steps=15", "schedule.decay_steps=135"),
          List.of()),
      new ScaleConfig("h4", "periodic averaging every 4 steps, RMSprop state averaged", 5,
          List.of("train.local_steps=4"), List.of()),
      new ScaleConfig("h16", "periodic averaging every 16 steps, RMSprop state averaged", 5,
          List.of("train.local_steps=16"), List.of()));

  public static ScaleConfig named(String name) {
    return ALL.stream().filter(c -> c.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown configuration '" + name
            + "', expected one of " + ALL.stream().map(ScaleConfig::name).toList()));
  }

  /**
   * jobs/train.sh's arguments: the reference job on {@code master} with {@code partitions}
   * partitions, then {@code extra}, then this configuration's {@code --set} overrides.
   */
  public List<String> trainArgs(String master, int partitions, long seed, int epochs, String data,
      String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--config", "conf/mnist-mlp.properties",
        "--master", master, "--partitions", Integer.toString(partitions), "--seed",
        Long.toString(seed), "--epochs", Integer.toString(epochs), "--data", data));
    args.addAll(List.of(extra));
    sets.forEach(s -> args.addAll(List.of("--set", s)));
    return args;
  }
}
