package dev.neuron.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.eval.MetricsReport;
import dev.neuron.eval.RegressionMetrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Network;
import dev.neuron.train.FitSequence;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A regression run's final errors on the training, validation and test rows, each measured with
 * the weights the run ends with (the best epoch's when early stopping restores them); a part the
 * run did not have stays {@code null} and is left out of {@code metrics.json}.
 */
final class RegressionScores {
  RegressionMetrics train;
  RegressionMetrics validation;
  RegressionMetrics test;

  /** The fit's last part: scores the training and validation sets while they are cached. */
  FitSequence.Finish scorer(JavaSparkContext jsc, Network net) {
    return (t, v, state) -> {
      jsc.setJobDescription("final scores");
      train = SparkEvaluator.regression(jsc, t.blocks(), net, state.params());
      System.out.println("Train: " + MetricsReport.regressionLine(train));
      if (v != null) {
        validation = SparkEvaluator.regression(jsc, v.blocks(), net, state.params());
        System.out.println("Validation: " + MetricsReport.regressionLine(validation));
      }
    };
  }

  /** {@code train}, {@code validation}, {@code test} objects under {@code root}. */
  void into(ObjectNode root) {
    if (train != null) {
      MetricsReport.regression(root.putObject("train"), train);
    }
    if (validation != null) {
      MetricsReport.regression(root.putObject("validation"), validation);
    }
    if (test != null) {
      MetricsReport.regression(root.putObject("test"), test);
    }
  }
}
