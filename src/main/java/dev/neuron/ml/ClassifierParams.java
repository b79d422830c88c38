package dev.neuron.ml;

import org.apache.spark.ml.param.Param;

/** The params of {@link NeuronClassifier} and its model beyond {@link NeuronParams}. */
public interface ClassifierParams extends NeuronParams {
  default Param<String> probabilityCol() {
    return paramSet().probabilityCol;
  }

  default String getProbabilityCol() {
    return (String) getOrDefault(probabilityCol());
  }

  default Param<String> classWeights() {
    return paramSet().classWeights;
  }

  default String getClassWeights() {
    return (String) getOrDefault(classWeights());
  }

  default Param<String> rawPredictionCol() {
    return paramSet().rawPredictionCol;
  }

  default String getRawPredictionCol() {
    return (String) getOrDefault(rawPredictionCol());
  }
}
