package dev.neuron.train.gang;

import dev.neuron.train.ExecutionMode;

/**
 * How gang tasks join the driver ({@link ExecutionMode#GANG_TRANSPORT}): {@code auto} lets tasks
 * in the driver's JVM (local mode) join in-JVM, handing arrays over by reference; {@code tcp} keeps
 * every task on Spark's transport.
 */
enum Channel {
  AUTO,
  TCP;

  static Channel parse(String value) {
    return GangSetting.parse(Channel.class, ExecutionMode.GANG_TRANSPORT, value);
  }
}
