"""The stages in use from PySpark: fit and transform, Pipeline, CrossValidator and
TrainValidationSplit with ParamGridBuilder, the fit's history, persistence in both directions
(Python ↔ Java, same predictions), and Java's errors as Python exceptions."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator, RegressionEvaluator
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit
from pyspark.sql import DataFrame, functions as F

from conftest import blobs
from neuron_spark import (
    NeuronClassificationModel,
    NeuronClassifier,
    NeuronError,
    NeuronRegressionModel,
    NeuronRegressor,
)


@pytest.fixture(scope="module")
def train(spark: Any) -> DataFrame:
    return blobs(spark, 900, 1).repartition(2).cache()


@pytest.fixture(scope="module")
def test(spark: Any) -> DataFrame:
    return blobs(spark, 300, 11).cache()


def pipeline(clf: NeuronClassifier) -> Pipeline:
    return Pipeline(stages=[
        StringIndexer(inputCol="species", outputCol="indexed"),
        VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="assembled"),
        clf.setFeaturesCol("assembled").setLabelCol("indexed"),
    ])


def predictions(df: DataFrame) -> list[tuple[float, list[float]]]:
    return [(r.prediction, r.probability.toArray().tolist())
            for r in df.orderBy("x1", "x2").select("prediction", "probability").collect()]


def test_fit_transform_and_the_history(train: DataFrame, test: DataFrame) -> None:
    clf = NeuronClassifier(layers=[16], epochs=4, batchSize=64, learningRate=0.02,
                           validationFraction=0.2, seed=3, numPartitions=2)
    model = clf.fit(train)
    assert isinstance(model, NeuronClassificationModel)
    assert model.uid == clf.uid and model.getLayers() == [16] and model.getEpochs() == 4
    assert model.numClasses == 3 and model.numFeatures == 3
    scored = model.transform(test)
    assert {"rawPrediction", "probability", "prediction"} <= set(scored.columns)
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)
    assert accuracy > 0.9, accuracy
    history = model.history
    assert [r.epoch for r in history] == [1, 2, 3, 4]
    for r in history:
        assert r.loss > 0 and 0 <= r.accuracy <= 1 and r.val_loss > 0 and r.seconds > 0
        assert set(r.metrics()) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history[-1].loss < history[0].loss
    java_history = model._java_obj.history()
    assert [r.loss() for r in java_history] == [r.loss for r in history]


def test_regressor_fits_a_linear_target(spark: Any) -> None:
    df = blobs(spark, 600, 2).withColumn("y", F.col("x1") * 2 - F.col("x2"))
    reg = NeuronRegressor(layers=[16], epochs=8, batchSize=32, learningRate=0.01,
                          labelCol="y", seed=1)
    model = reg.fit(df)
    assert isinstance(model, NeuronRegressionModel) and model.numOutputs == 1
    rmse = RegressionEvaluator(labelCol="y", metricName="rmse").evaluate(model.transform(df))
    assert rmse < 0.6, rmse
    assert all(math.isnan(r.accuracy) for r in model.history)


def test_cross_validator_and_train_validation_split(train: DataFrame) -> None:
    clf = NeuronClassifier(layers=[8], epochs=2, batchSize=16, numPartitions=2, seed=5)
    grid = ParamGridBuilder().addGrid(clf.learningRate, [0.05, 1e-6]).build()
    evaluator = MulticlassClassificationEvaluator(metricName="accuracy",
                                                  labelCol="indexed")
    cv = CrossValidator(estimator=pipeline(clf), estimatorParamMaps=grid, evaluator=evaluator,
                        numFolds=2, seed=5).fit(train)
    assert len(cv.avgMetrics) == 2 and cv.avgMetrics[0] > cv.avgMetrics[1] + 0.2, cv.avgMetrics
    best = cv.bestModel.stages[-1]
    assert isinstance(best, NeuronClassificationModel) and best.getLearningRate() == 0.05
    tvs = TrainValidationSplit(estimator=pipeline(clf.copy()), estimatorParamMaps=grid,
                               evaluator=evaluator, trainRatio=0.7, seed=5).fit(train)
    assert tvs.validationMetrics[0] > tvs.validationMetrics[1] + 0.2, tvs.validationMetrics
    assert tvs.bestModel.stages[-1].getLearningRate() == 0.05


def test_a_pipeline_saved_in_python_loads_in_java_and_back(
        spark: Any, train: DataFrame, test: DataFrame, tmp_path: Path) -> None:
    model = pipeline(NeuronClassifier(layers=[8], epochs=2, batchSize=32, seed=9)).fit(train)
    path = str(tmp_path / "from-python")
    model.write().save(path)
    expected = predictions(model.transform(test))

    # Java: Spark's own PipelineModel reader, no Python class involved.
    jvm = spark.sparkContext._jvm
    java_model = jvm.org.apache.spark.ml.PipelineModel.load(path)
    java_stage = java_model.stages()[2]
    assert java_stage.getClass().getName() == "dev.neuron.ml.NeuronClassificationModel"
    java_scored = DataFrame(java_model.transform(test._jdf), spark)
    assert predictions(java_scored) == expected

    back = PipelineModel.load(path)
    assert isinstance(back.stages[2], NeuronClassificationModel)
    assert back.stages[2].uid == model.stages[2].uid
    assert back.stages[2].getLayers() == [8] and back.stages[2].history == []
    assert predictions(back.transform(test)) == expected


def test_a_pipeline_saved_in_java_loads_in_python(
        spark: Any, train: DataFrame, test: DataFrame, tmp_path: Path) -> None:
    jvm = spark.sparkContext._jvm
    ml = jvm.org.apache.spark.ml
    gateway = spark.sparkContext._gateway
    stages = gateway.new_array(ml.PipelineStage, 3)
    stages[0] = ml.feature.StringIndexer().setInputCol("species").setOutputCol("indexed")
    cols = gateway.new_array(jvm.java.lang.String, 3)
    for i, c in enumerate(["x1", "x2", "x3"]):
        cols[i] = c
    stages[1] = ml.feature.VectorAssembler().setInputCols(cols).setOutputCol("assembled")
    layers = gateway.new_array(jvm.int, 1)
    layers[0] = 8
    stages[2] = (jvm.dev.neuron.ml.NeuronClassifier().setLayers(layers).setEpochs(2)
                 .setBatchSize(32).setFeaturesCol("assembled").setLabelCol("indexed"))
    java_model = ml.Pipeline().setStages(stages).fit(train._jdf)
    path = str(tmp_path / "from-java")
    java_model.write().save(path)
    expected = predictions(DataFrame(java_model.transform(test._jdf), spark))

    loaded = PipelineModel.load(path)
    stage = loaded.stages[2]
    assert isinstance(stage, NeuronClassificationModel)
    assert stage.getFeaturesCol() == "assembled" and stage.getLayers() == [8]
    assert stage.getEpochs() == 2 and stage.numClasses == 3
    assert predictions(loaded.transform(test)) == expected
    alone = NeuronClassificationModel.load(path + "/stages/" + sorted(
        p.name for p in Path(path, "stages").iterdir())[2])
    assert predictions(alone.transform(
        loaded.stages[1].transform(loaded.stages[0].transform(test)))) == expected


def test_an_estimator_round_trips(tmp_path: Path) -> None:
    clf = NeuronRegressor(layers=[4, 2], optimizer="sgd", momentum=0.5, loss="huber")
    clf.save(str(tmp_path / "est"))
    back = NeuronRegressor.load(str(tmp_path / "est"))
    assert back.uid == clf.uid and back.getLayers() == [4, 2] and back.getMomentum() == 0.5
    assert back.getLoss() == "huber" and back.getOptimizer() == "sgd"


def test_java_errors_arrive_as_python_exceptions_with_the_message(
        train: DataFrame, tmp_path: Path) -> None:
    with pytest.raises(NeuronError, match=r"column species: expected a numeric class index") as e:
        NeuronClassifier(labelCol="species", epochs=1).fit(train)
    assert "\tat " not in str(e.value) and e.value.java_class == "java.lang.IllegalArgumentException"

    with pytest.raises(NeuronError, match="column x1: expected a vector"):
        NeuronClassifier(featuresCol="x1", epochs=1).fit(train)

    with pytest.raises(NeuronError, match="parameter optimizer given invalid value adamw"):
        NeuronClassifier(optimizer="adamw")

    model = NeuronClassifier(layers=[4], epochs=1).fit(train)
    path = tmp_path / "model"
    model.save(str(path))
    assert NeuronClassificationModel.load(str(path)).numClasses == 3
    (path / "data" / "_SUCCESS").unlink()
    with pytest.raises(NeuronError, match=r"/data: no _SUCCESS marker: not a complete Neuron"
                                           r" model") as e:
        NeuronClassificationModel.load(str(path))
    assert "\tat " not in str(e.value) and e.value.java_class == "dev.neuron.io.FormatException"

    shutil.rmtree(path / "data")
    with pytest.raises(NeuronError, match="no _SUCCESS marker"):
        NeuronClassificationModel.load(str(path))
