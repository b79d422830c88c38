package dev.neuron.ml;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition's rows in chunks of {@value #CHUNK}: the chunk's feature vectors are packed
 * one example per column, one forward pass of the network with a linear last layer gives the
 * logits {@code z} (one {@code sgemm} per layer), and each row is emitted with the columns asked
 * for appended in MLlib's order: {@code rawPrediction = z}, {@code probability = softmax(z)},
 * {@code prediction = argmax}; for a regression network only {@code prediction}, its output
 * (a double, or a vector for several outputs). The weights come from the broadcast, read on the
 * executor.
 */
final class ScoreRows implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  static final int CHUNK = 256;
  private final Broadcast<float[]> weights;
  private final Network net;
  private final int featuresIndex;
  private final String featuresCol;
  private final boolean raw;
  private final boolean probability;
  private final boolean prediction;

  /** Which output columns a scoring appends, in MLlib's order; each by its name. */
  record Appended(boolean rawPrediction, boolean probability, boolean prediction) {}

  ScoreRows(Broadcast<float[]> weights, Network net, int featuresIndex, String featuresCol,
      Appended appended) {
    this.weights = weights;
    this.net = net;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.raw = appended.rawPrediction();
    this.probability = appended.probability();
    this.prediction = appended.prediction();
  }

  /** The same network and weights with the last layer's activation dropped: it yields logits. */
  static Network logits(Network net) {
    Network.Builder b = Network.input(net.inputSize()).loss(net.loss());
    for (int l = 0; l < net.layers(); l++) {
      b.dense(net.units(l), l == net.layers() - 1 ? Activation.LINEAR : net.activation(l));
    }
    return b.build();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Scored(rows);
  }

  private final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Network logits = logits(net);
    private final Workspace ws = new Workspace(logits, CHUNK);
    private final float[] prob = new float[net.outputSize() * CHUNK];
    private final List<Row> chunk = new ArrayList<>(CHUNK);
    private final float[] params = weights.value();
    private int next;

    Scored(Iterator<Row> rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      if (next < chunk.size()) {
        return true;
      }
      if (!rows.hasNext()) {
        return false;
      }
      fill();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return output(chunk.get(next), next++);
    }

    private void fill() {
      chunk.clear();
      next = 0;
      int in = net.inputSize();
      float[] x = ws.input();
      while (chunk.size() < CHUNK && rows.hasNext()) {
        Row r = rows.next();
        int j = chunk.size();
        copy(r, x, j * in, in);
        chunk.add(r);
      }
      int cols = chunk.size();
      Kernels.forward(logits, params, x, 0, cols, ws);
      int out = net.outputSize();
      System.arraycopy(ws.output(), 0, prob, 0, out * cols);
      net.outputActivation().forward(prob, out, cols);
    }

    private void copy(Row r, float[] x, int off, int in) {
      if (r.isNullAt(featuresIndex)) {
        throw new IllegalArgumentException("column " + featuresCol + ": expected a vector,"
            + " found null");
      }
      Vector v = (Vector) r.get(featuresIndex);
      if (v.size() != in) {
        throw new IllegalArgumentException("column " + featuresCol + ": the model takes vectors"
            + " of " + in + " values, found " + v.size());
      }
      if (v instanceof DenseVector d) {
        double[] vals = d.values();
        for (int i = 0; i < in; i++) {
          x[off + i] = (float) vals[i];
        }
      } else {
        SparseVector s = (SparseVector) v;
        java.util.Arrays.fill(x, off, off + in, 0f);
        int[] idx = s.indices();
        double[] vals = s.values();
        for (int i = 0; i < idx.length; i++) {
          x[off + idx[i]] = (float) vals[i];
        }
      }
    }

    private Row output(Row r, int j) {
      int out = net.outputSize();
      int n = r.length();
      Object[] values = new Object[n + (raw ? 1 : 0) + (probability ? 1 : 0)
          + (prediction ? 1 : 0)];
      for (int i = 0; i < n; i++) {
        values[i] = r.get(i);
      }
      if (raw) {
        values[n++] = vector(ws.output(), j * out, out);
      }
      if (probability) {
        values[n++] = vector(prob, j * out, out);
      }
      if (prediction) {
        // A regression network's output is linear: its logits are the prediction.
        values[n] = !net.isRegression() ? (double) Kernels.predictedClass(prob, out, j)
            : out == 1 ? (double) ws.output()[j * out] : vector(ws.output(), j * out, out);
      }
      return RowFactory.create(values);
    }
  }

  private static Vector vector(float[] src, int off, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = src[off + i];
    }
    return Vectors.dense(d);
  }
}
