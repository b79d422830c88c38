package dev.neuron.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * What Neuron's estimators share: their uid and {@link ParamSet}, and the setters of the
 * {@link NeuronParams}, each returning the concrete estimator so calls chain
 * ({@code new NeuronRegressor().setLayers(…).setEpochs(…)}).
 *
 * @param <E> the concrete estimator
 * @param <M> the model it fits
 */
public abstract class NeuronEstimator<E extends NeuronEstimator<E, M>, M extends Model<M>>
    extends Estimator<M> implements NeuronParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ParamSet params;

  NeuronEstimator(String uid) {
    this.uid = uid;
    this.params = new ParamSet(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ParamSet paramSet() {
    return params;
  }

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }

  public E setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  /** Sample weights: a numeric column; empty: every weight 1. */
  public E setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  public E setFeaturesCol(String value) {
    set(featuresCol(), value);
    return self();
  }

  public E setLabelCol(String value) {
    set(labelCol(), value);
    return self();
  }

  public E setPredictionCol(String value) {
    set(predictionCol(), value);
    return self();
  }

  public E setLayers(int[] value) {
    set(layers(), value);
    return self();
  }

  public E setActivation(String value) {
    set(activation(), value);
    return self();
  }

  public E setInitializer(String value) {
    set(initializer(), value);
    return self();
  }

  public E setL2(double value) {
    set(l2(), value);
    return self();
  }

  public E setDropout(double value) {
    set(dropout(), value);
    return self();
  }

  public E setOptimizer(String value) {
    set(optimizer(), value);
    return self();
  }

  public E setLearningRate(double value) {
    set(learningRate(), value);
    return self();
  }

  public E setMomentum(double value) {
    set(momentum(), value);
    return self();
  }

  public E setNesterov(boolean value) {
    set(nesterov(), value);
    return self();
  }

  public E setBeta1(double value) {
    set(beta1(), value);
    return self();
  }

  public E setBeta2(double value) {
    set(beta2(), value);
    return self();
  }

  public E setRho(double value) {
    set(rho(), value);
    return self();
  }

  public E setEpsilon(double value) {
    set(epsilon(), value);
    return self();
  }

  public E setWeightDecay(double value) {
    set(weightDecay(), value);
    return self();
  }

  public E setTrustCoefficient(double value) {
    set(trustCoefficient(), value);
    return self();
  }

  public E setSchedule(String value) {
    set(schedule(), value);
    return self();
  }

  public E setWarmupSteps(int value) {
    set(warmupSteps(), value);
    return self();
  }

  public E setDecaySteps(int value) {
    set(decaySteps(), value);
    return self();
  }

  public E setDecayRate(double value) {
    set(decayRate(), value);
    return self();
  }

  public E setAlpha(double value) {
    set(alpha(), value);
    return self();
  }

  public E setReduceLr(String value) {
    set(reduceLr(), value);
    return self();
  }

  public E setReduceLrFactor(double value) {
    set(reduceLrFactor(), value);
    return self();
  }

  public E setReduceLrPatience(int value) {
    set(reduceLrPatience(), value);
    return self();
  }

  public E setReduceLrMinDelta(double value) {
    set(reduceLrMinDelta(), value);
    return self();
  }

  public E setReduceLrCooldown(int value) {
    set(reduceLrCooldown(), value);
    return self();
  }

  public E setReduceLrMinLr(double value) {
    set(reduceLrMinLr(), value);
    return self();
  }

  public E setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  public E setEpochs(int value) {
    set(epochs(), value);
    return self();
  }

  public E setSeed(long value) {
    set(seed(), value);
    return self();
  }

  public E setNumPartitions(int value) {
    set(numPartitions(), value);
    return self();
  }

  public E setValidationFraction(double value) {
    set(validationFraction(), value);
    return self();
  }

  public E setPatience(int value) {
    set(patience(), value);
    return self();
  }

  public E setMonitor(String value) {
    set(monitor(), value);
    return self();
  }

  public E setMinDelta(double value) {
    set(minDelta(), value);
    return self();
  }

  public E setRestoreBestWeights(boolean value) {
    set(restoreBestWeights(), value);
    return self();
  }
}
