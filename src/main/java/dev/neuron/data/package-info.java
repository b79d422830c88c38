/**
 * What every input becomes: {@link dev.neuron.data.ExampleBlock}s (dense column-major blocks of
 * features and targets, one example per column, no per-row objects) and the cached
 * {@link dev.neuron.data.TrainingSet} of one block per partition (numbered in partition order by
 * {@link dev.neuron.data.Renumber}), the Hadoop configuration that travels to executors
 * ({@link dev.neuron.data.HadoopConf}) and the error that names file, record and field
 * ({@link dev.neuron.data.DataException}). Plain values with no reader: the readers live in
 * {@code read}, which builds these, and {@code train} consumes them.
 */
package dev.neuron.data;
