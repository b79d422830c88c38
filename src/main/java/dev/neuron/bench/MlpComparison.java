package dev.neuron.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The peer in {@code jobs/bench.sh}: Spark MLlib's {@code MultilayerPerceptronClassifier} (784 →
 * 512 sigmoid → 10 softmax, L-BFGS, block size 128) on the same data and wall-clock budget, fitted
 * in rounds of a few iterations, each continuing from the previous weights, with the test accuracy
 * measured (off the clock) after each round, until it reaches 0.97 or the budget is spent.
 */
final class MlpComparison {
  private static final int ITERATIONS_PER_ROUND = 5;

  private MlpComparison() {}

  static void run(SparkSession spark, TrainingSet train, TrainingSet test, double budget,
      long seed, ObjectNode out) {
    Dataset<Row> trainDf = frame(spark, train).cache();
    Dataset<Row> testDf = frame(spark, test).cache();
    trainDf.count();
    testDf.count();
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {784, 512, 10}).setBlockSize(128).setSeed(seed).setTol(0)
        .setMaxIter(ITERATIONS_PER_ROUND);
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    double elapsed = 0;
    double best = 0;
    double reached = Double.NaN;
    int iterations = 0;
    Vector weights = null;
    ArrayNode rounds = out.putArray("rounds");
    while (elapsed < budget) {
      if (weights != null) {
        mlp.setInitialWeights(weights);
      }
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = mlp.fit(trainDf);
      elapsed += (System.nanoTime() - t0) / 1e9;
      iterations += ITERATIONS_PER_ROUND;
      weights = model.weights();
      double acc = accuracy.evaluate(model.transform(testDf));
      best = Math.max(best, acc);
      rounds.addObject().put("seconds", elapsed).put("iterations", iterations)
          .put("test_accuracy", acc);
      System.out.printf("[mllib] %d L-BFGS iterations, %.1fs: test accuracy %.4f%n", iterations,
          elapsed, acc);
      if (acc >= 0.97) {
        reached = elapsed;
        break;
      }
    }
    out.put("budget_seconds", budget).put("seconds", elapsed).put("iterations", iterations)
        .put("best_test_accuracy", best);
    if (Double.isNaN(reached)) {
      out.putNull("seconds_to_0_97");
    } else {
      out.put("seconds_to_0_97", reached);
    }
    trainDf.unpersist();
    testDf.unpersist();
  }

  private static Dataset<Row> frame(SparkSession spark, TrainingSet data) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(data.blocks().mapPartitions(new ToRows()), schema);
  }

  /** Block → MLlib rows: the peer's input format, built once before timing starts. */
  private static final class ToRows implements FlatMapFunction<Iterator<ExampleBlock>, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<ExampleBlock> blocks) {
      List<Row> rows = new ArrayList<>();
      while (blocks.hasNext()) {
        ExampleBlock b = blocks.next();
        for (int j = 0; j < b.rows(); j++) {
          double[] x = new double[b.inputs()];
          int label = 0;
          for (int i = 0; i < b.inputs(); i++) {
            x[i] = b.x()[j * b.inputs() + i];
          }
          for (int c = 0; c < b.outputs(); c++) {
            if (b.y()[j * b.outputs() + c] > 0.5f) {
              label = c;
            }
          }
          rows.add(RowFactory.create((double) label, Vectors.dense(x)));
        }
      }
      return rows.iterator();
    }
  }
}
