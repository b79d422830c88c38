/**
 * Gang execution of training steps: one barrier stage for the whole run, a long-lived task per
 * partition, fed each step's weights and returning its gradient over a channel the driver opens
 * for the run, so that Spark's job cost is paid once per run instead of once per step. The driver
 * loop, the arithmetic and the summation order are those of one job per step
 * ({@link dev.neuron.train.JobSteps}), so both give the same bits.
 */
package dev.neuron.train.gang;
