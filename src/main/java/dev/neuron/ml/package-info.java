/**
 * Neuron as a Spark ML pipeline stage: {@link dev.neuron.ml.NeuronClassifier} (an
 * {@code Estimator}) turns a {@code features} vector column and a {@code label} class-index column
 * into cached example blocks ({@link dev.neuron.ml.RowBlocks}), runs the distributed trainer, and
 * returns a {@link dev.neuron.ml.NeuronClassificationModel} whose {@code transform} adds MLlib's
 * {@code rawPrediction}, {@code probability} and {@code prediction} columns, scored in blocks with
 * the training kernels ({@link dev.neuron.ml.ScoreRows}). Both persist through Spark ML's
 * {@code MLWritable}/{@code MLReadable}, so pipelines with them save, load and cross-validate.
 */
package dev.neuron.ml;
