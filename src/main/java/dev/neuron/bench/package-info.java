/**
 * Benchmarks and their mains, which print numbers (never timed tests). {@link
 * dev.neuron.bench.Bench} ({@code jobs/bench.sh}, options {@link dev.neuron.bench.BenchArgs})
 * trains the reference job in each mode against Spark MLlib's perceptron ({@code MlpComparison}),
 * the README main job against the PyTorch script end to end ({@link dev.neuron.bench.EndToEnd}),
 * with the floors of a job per step ({@code SparkFloor}) and of the gang's bytes through bare
 * sockets ({@link dev.neuron.bench.LoopbackFloor}), CPU by thread ({@link
 * dev.neuron.bench.ThreadCpu}), this machine's sgemm rate ({@link dev.neuron.bench.SgemmPeak}) and
 * the speed targets ({@link dev.neuron.bench.Targets}). {@link dev.neuron.bench.EvalBenchmark}
 * scores a generated image set with Neuron's evaluation path or with MLlib's perceptron, one
 * measurement per JVM ({@code jobs/bench-eval.sh}). {@link dev.neuron.bench.ClassDataWarmup} is the
 * small training run from which {@code jobs/lib.sh} records the JVM's class-data archive. The
 * scaling bench ({@code jobs/bench-scale.sh}, {@link dev.neuron.bench.ScaleBench}): its configurations
 * ({@link dev.neuron.bench.ScaleConfig}), one training process per run
 * ({@link dev.neuron.bench.TrainRun}) with the shaped links' byte counters
 * ({@link dev.neuron.bench.LinkCounters}), and a run's row with its projection to P machines
 * ({@link dev.neuron.bench.ScaleRow}). Mains here may call {@code cli}'s (sessions, exit codes);
 * {@code cli} never imports this package.
 */
package dev.neuron.bench;
