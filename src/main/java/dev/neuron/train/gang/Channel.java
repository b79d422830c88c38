package dev.neuron.train.gang;

/**
 * How gang tasks join the driver ({@link GangSetting#TRANSPORT}): {@code auto} lets tasks
 * in the driver's JVM (local mode) join in-JVM, handing arrays over by reference; {@code tcp} keeps
 * every task on Spark's transport.
 */
enum Channel {
  AUTO,
  TCP;
}
