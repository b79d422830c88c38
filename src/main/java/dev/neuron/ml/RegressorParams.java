package dev.neuron.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** The params of {@link NeuronRegressor} and its model beyond {@link NeuronParams}. */
public interface RegressorParams extends NeuronParams {
  default Param<String> loss() {
    return paramSet().loss;
  }

  default String getLoss() {
    return (String) getOrDefault(loss());
  }

  default DoubleParam delta() {
    return paramSet().delta;
  }

  default double getDelta() {
    return (Double) getOrDefault(delta());
  }
}
