package dev.neuron.train.gang;

/**
 * How gang tasks on TCP combine their gradients ({@link GangSetting#COMBINE}): {@code star}
 * (each sends its own to the driver), {@code tree} (a {@link GangTree} adds them and relays the
 * weights) or {@code auto}: a tree from {@value #TREE_FROM} partitions on.
 */
enum Combine {
  AUTO,
  STAR,
  TREE;

  static final int TREE_FROM = 8;

  boolean tree(int partitions) {
    return this == TREE || (this == AUTO && partitions >= TREE_FROM);
  }
}
