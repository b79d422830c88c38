/**
 * Neuron as Spark ML pipeline stages: {@link dev.neuron.ml.NeuronClassifier} and
 * {@link dev.neuron.ml.NeuronRegressor} (both {@link dev.neuron.ml.NeuronEstimator}s) turn a
 * {@code features} vector column and a {@code label} column (class indices; numbers or vectors of
 * targets) into cached example blocks ({@link dev.neuron.read.RowBlocks}) and run the shared fit
 * sequence ({@link dev.neuron.ml.EstimatorFit}). Their models ({@link dev.neuron.ml.NeuronModel}s)
 * add MLlib's {@code rawPrediction}, {@code probability} and {@code prediction} columns, or a
 * regression's {@code prediction}, scored in blocks with the training kernels
 * ({@link dev.neuron.ml.ScoreRows}). All persist through Spark ML's
 * {@code MLWritable}/{@code MLReadable}, so pipelines with them save, load and cross-validate.
 * The optimizer params are derived from the optimizers' declared settings
 * ({@link dev.neuron.ml.SettingParams}).
 */
package dev.neuron.ml;

