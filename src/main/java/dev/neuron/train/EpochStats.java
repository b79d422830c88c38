package dev.neuron.train;

/**
 * One epoch as Keras reports it: the mean training loss and accuracy over the epoch's batches
 * (each computed with the weights of its step), wall-clock seconds, and throughput.
 */
public record EpochStats(int epoch, double loss, double accuracy, double seconds,
    double samplesPerSecond) {}
