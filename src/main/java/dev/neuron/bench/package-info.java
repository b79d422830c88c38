/**
 * Benchmarks that print numbers (never timed tests): {@link dev.neuron.bench.EvalBenchmark} scores
 * a generated image set with Neuron's evaluation path or with Spark MLlib's multilayer perceptron,
 * one measurement per JVM so heap peaks belong to one input size ({@code jobs/bench-eval.sh}); the
 * training bench's parts ({@code jobs/bench.sh}): the README main job against the PyTorch script
 * end to end ({@link dev.neuron.bench.EndToEnd}), the cost of the gang's bytes through bare
 * sockets ({@link dev.neuron.bench.LoopbackFloor}), CPU by thread
 * ({@link dev.neuron.bench.ThreadCpu}) and the speed targets ({@link dev.neuron.bench.Targets});
 * the scaling bench's parts ({@code jobs/bench-scale.sh}): its configurations
 * ({@link dev.neuron.bench.ScaleConfig}), one training process per run
 * ({@link dev.neuron.bench.TrainRun}) with the shaped links' byte counters
 * ({@link dev.neuron.bench.LinkCounters}), and a run's row with its projection to P machines
 * ({@link dev.neuron.bench.ScaleRow}).
 */
package dev.neuron.bench;
