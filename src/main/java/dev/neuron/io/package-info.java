/**
 * Files on any Hadoop path: the versioned binary model format ({@link dev.neuron.io.ModelFile}),
 * JSON reports, and {@link dev.neuron.io.OutputDir}, which makes an output either complete or
 * absent. Nothing here uses Java serialization; readers check every length before allocating.
 */
package dev.neuron.io;
