package dev.neuron.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How partition results combine, and in what order: the one merge and the one order, used by the
 * driver ({@link CheckedMean}) and by the gang's tree of tasks ({@code gang/GangTree}), so both
 * give the same bits.
 *
 * <p>The merge of two shares: counts, weight sums, losses and correct counts add, the time is the
 * larger of the two, and the gradients add element by element; a share without examples is left
 * out (its gradient is {@code null}).
 *
 * <p>The order is a binomial tree over the P partitions: partition {@code p} merges into its own
 * share, one after another, the totals of its children {@code p + 1, p + 2, p + 4, …} (below
 * {@code p + lowbit(p)} and P; partition 0's below P), each child's total covering
 * {@code [c, c + lowbit(c))}. Partition 0's total is then {@code ((g0 + g1) + (g2 + g3)) + ((g4 +
 * g5) + …)}: pairwise in partition order, the same whichever task finished first, and up to three
 * partitions plain left-to-right order. The gang runs this tree across its tasks (each task one
 * node, its children's totals arriving over the network); the driver runs it alone over the list.
 */
public final class PairwiseMerge {
  private PairwiseMerge() {}

  /** The children of {@code p} among {@code parts} partitions, in the order they are merged. */
  public static List<Integer> children(int p, int parts) {
    List<Integer> c = new ArrayList<>();
    int limit = p == 0 ? Integer.MAX_VALUE : Integer.lowestOneBit(p);
    for (int step = 1; step < limit && p + step < parts; step <<= 1) {
      c.add(p + step);
    }
    return c;
  }

  /**
   * {@code left} merged with {@code right}: the totals, with {@code gradient} (the caller's buffer,
   * holding their gradients' sum, or {@code null} when neither had examples) as the gradient. An
   * empty side contributes nothing, not even its zeros.
   */
  public static StepResult totals(StepResult left, StepResult right, float[] gradient) {
    if (right.count() == 0) {
      return new StepResult(gradient, left.loss(), left.count(), left.weight(), left.correct(),
          left.nanos());
    }
    if (left.count() == 0) {
      return new StepResult(gradient, right.loss(), right.count(), right.weight(),
          right.correct(), right.nanos());
    }
    return new StepResult(gradient, left.loss() + right.loss(), left.count() + right.count(),
        left.weight() + right.weight(), left.correct() + right.correct(),
        Math.max(left.nanos(), right.nanos()));
  }

  /**
   * Adds {@code right[rightAt, rightAt + n)} to {@code sum[at, at + n)}, or copies it there when
   * {@code sum} holds nothing yet ({@code empty}): the gradients' part of the merge, on a range so
   * that the driver can run disjoint ranges in parallel with the same bits.
   */
  public static void addGradient(float[] sum, int at, boolean empty, float[] right, int rightAt,
      int n) {
    if (empty) {
      System.arraycopy(right, rightAt, sum, at, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      sum[at + i] += right[rightAt + i];
    }
  }

  /**
   * {@code own} merged with its children's totals in order (a gang task's node of the tree). The
   * gradient sum goes into {@code sum} (the model's size, the caller's own buffer), never into
   * {@code own}'s, which belongs to the worker that computed it; without children the result is
   * {@code own} itself.
   */
  public static StepResult withChildren(StepResult own, StepResult[] childTotals, float[] sum) {
    if (childTotals.length == 0) {
      return own;
    }
    StepResult total = StepResult.empty();
    boolean empty = true;
    for (int i = -1; i < childTotals.length; i++) {
      StepResult r = i < 0 ? own : childTotals[i];
      if (r.count() == 0) {
        continue;
      }
      addGradient(sum, 0, empty, r.gradient(), 0, sum.length);
      total = totals(total, r, sum);
      empty = false;
    }
    return total;
  }

  /**
   * The total of every partition's share, the tree run alone: the scalars merged in the tree's
   * order, the gradients not touched ({@link #sumGradients} adds them range by range).
   */
  static StepResult totals(List<StepResult> parts) {
    return parts.isEmpty() ? StepResult.empty() : subtreeTotals(parts, 0);
  }

  private static StepResult subtreeTotals(List<StepResult> parts, int p) {
    StepResult total = parts.get(p);
    for (int c : children(p, parts.size())) {
      total = totals(total, subtreeTotals(parts, c), null);
    }
    return total;
  }

  /**
   * Writes the tree-ordered sum of the partitions' gradients on {@code [from, to)} to
   * {@code dst[from, to)}; {@code null} gradients (no examples) are left out. {@code scratch}
   * holds one buffer per tree depth for subtree sums (reused, grown as needed). False if every
   * partition was empty (then {@code dst} is untouched).
   */
  static boolean sumGradients(float[][] g, float[] dst, int from, int to, float[][] scratch) {
    return subtree(g, 0, dst, from, from, to, scratch, 0);
  }

  private static boolean subtree(float[][] g, int p, float[] dst, int at, int from, int to,
      float[][] scratch, int depth) {
    int n = to - from;
    boolean any = g[p] != null;
    if (any) {
      System.arraycopy(g[p], from, dst, at, n);
    }
    for (int c : children(p, g.length)) {
      if (children(c, g.length).isEmpty()) {
        if (g[c] != null) {
          addGradient(dst, at, !any, g[c], from, n);
          any = true;
        }
        continue;
      }
      if (scratch[depth] == null || scratch[depth].length < n) {
        scratch[depth] = new float[n];
      }
      float[] sub = scratch[depth];
      if (subtree(g, c, sub, 0, from, to, scratch, depth + 1)) {
        addGradient(dst, at, !any, sub, 0, n);
        any = true;
      }
    }
    return any;
  }
}
