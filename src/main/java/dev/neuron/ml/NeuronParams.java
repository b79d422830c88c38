package dev.neuron.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params every Neuron estimator and model has (network, optimizer, training, validation,
 * early stopping, the feature, label and prediction columns), as MLlib's {@code *Params} traits
 * are: one accessor per param (Spark discovers params through public no-argument methods returning
 * a {@code Param}) and one getter, over the owner's {@link ParamSet}. {@link ClassifierParams} and
 * {@link RegressorParams} add their own. Documentation of each is in the param's own
 * {@code doc()}.
 */
public interface NeuronParams extends LearningRateParams {
  /** The owner's param objects; not itself a param. */
  ParamSet paramSet();

  default Param<String> featuresCol() {
    return paramSet().featuresCol;
  }

  default String getFeaturesCol() {
    return (String) getOrDefault(featuresCol());
  }

  default Param<String> labelCol() {
    return paramSet().labelCol;
  }

  default String getLabelCol() {
    return (String) getOrDefault(labelCol());
  }

  default Param<String> predictionCol() {
    return paramSet().predictionCol;
  }

  default String getPredictionCol() {
    return (String) getOrDefault(predictionCol());
  }

  default IntArrayParam layers() {
    return paramSet().layers;
  }

  default int[] getLayers() {
    return ((int[]) getOrDefault(layers())).clone();
  }

  default Param<String> activation() {
    return paramSet().activation;
  }

  default String getActivation() {
    return (String) getOrDefault(activation());
  }

  default Param<String> initializer() {
    return paramSet().initializer;
  }

  default String getInitializer() {
    return (String) getOrDefault(initializer());
  }

  default DoubleParam l2() {
    return paramSet().l2;
  }

  default double getL2() {
    return (Double) getOrDefault(l2());
  }

  default DoubleParam dropout() {
    return paramSet().dropout;
  }

  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  default Param<String> optimizer() {
    return paramSet().optimizer;
  }

  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  /**
   * The param of optimizer setting {@code key} (as {@code dev.neuron.optim.UpdateRule} declares
   * it); the typed accessors below are how Spark finds each of them.
   */
  default Param<?> optimizerSetting(String key) {
    Param<?> p = paramSet().optimizerSettings.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no optimizer declares a setting '" + key + "'");
    }
    return p;
  }

  default DoubleParam learningRate() {
    return (DoubleParam) optimizerSetting("learning_rate");
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default DoubleParam momentum() {
    return (DoubleParam) optimizerSetting("momentum");
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  default BooleanParam nesterov() {
    return (BooleanParam) optimizerSetting("nesterov");
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  default DoubleParam beta1() {
    return (DoubleParam) optimizerSetting("beta_1");
  }

  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  default DoubleParam beta2() {
    return (DoubleParam) optimizerSetting("beta_2");
  }

  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  default DoubleParam rho() {
    return (DoubleParam) optimizerSetting("rho");
  }

  default double getRho() {
    return (Double) getOrDefault(rho());
  }

  default DoubleParam epsilon() {
    return (DoubleParam) optimizerSetting("epsilon");
  }

  default double getEpsilon() {
    return (Double) getOrDefault(epsilon());
  }

  default DoubleParam weightDecay() {
    return (DoubleParam) optimizerSetting("weight_decay");
  }

  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  default DoubleParam trustCoefficient() {
    return (DoubleParam) optimizerSetting("trust_coefficient");
  }

  default double getTrustCoefficient() {
    return (Double) getOrDefault(trustCoefficient());
  }

  default IntParam batchSize() {
    return paramSet().batchSize;
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default IntParam epochs() {
    return paramSet().epochs;
  }

  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  default LongParam seed() {
    return paramSet().seed;
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default IntParam numPartitions() {
    return paramSet().numPartitions;
  }

  default int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions());
  }

  default DoubleParam validationFraction() {
    return paramSet().validationFraction;
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default Param<String> validationIndicatorCol() {
    return paramSet().validationIndicatorCol;
  }

  default String getValidationIndicatorCol() {
    return (String) getOrDefault(validationIndicatorCol());
  }

  default Param<String> weightCol() {
    return paramSet().weightCol;
  }

  default String getWeightCol() {
    return (String) getOrDefault(weightCol());
  }

  default IntParam patience() {
    return paramSet().patience;
  }

  default int getPatience() {
    return (Integer) getOrDefault(patience());
  }

  default Param<String> monitor() {
    return paramSet().monitor;
  }

  default String getMonitor() {
    return (String) getOrDefault(monitor());
  }

  default DoubleParam minDelta() {
    return paramSet().minDelta;
  }

  default double getMinDelta() {
    return (Double) getOrDefault(minDelta());
  }

  default BooleanParam restoreBestWeights() {
    return paramSet().restoreBestWeights;
  }

  default boolean getRestoreBestWeights() {
    return (Boolean) getOrDefault(restoreBestWeights());
  }
}
