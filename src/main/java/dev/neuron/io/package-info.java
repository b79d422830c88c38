/**
 * Files on any Hadoop path: the versioned binary model and checkpoint formats
 * ({@link dev.neuron.io.ModelFile}, {@link dev.neuron.io.CheckpointFile}), the checkpoint folder a
 * run resumes from ({@link dev.neuron.io.CheckpointDir}), JSON reports, and
 * {@link dev.neuron.io.OutputDir}, which makes an output either complete or absent. Nothing here
 * uses Java serialization; readers check every length before allocating.
 */
package dev.neuron.io;
