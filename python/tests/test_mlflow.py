"""MLflow: a pipeline with a Neuron stage round-trips through mlflow.spark.log_model and
load_model with a local file tracking store, and a fit's params and per-epoch metrics are
logged with neuron_spark.tracking.log_fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import mlflow
import mlflow.spark
import pytest
from mlflow.tracking import MlflowClient
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler

from conftest import blobs
from neuron_spark import NeuronClassificationModel, NeuronClassifier
from neuron_spark.tracking import log_fit


def requirements() -> list[str]:
    """What a served copy of the model needs: this package (with the jar) and its pyspark."""
    import pyspark

    import neuron_spark

    return [f"neuron-spark=={neuron_spark.__version__}", f"pyspark=={pyspark.__version__}"]


@pytest.fixture()
def tracking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # MLflow 3 keeps the file store in maintenance mode behind this switch; it still works.
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    uri = (tmp_path / "mlruns").as_uri()
    mlflow.set_tracking_uri(uri)
    yield uri
    mlflow.set_tracking_uri(None)


def test_log_model_and_load_model_round_trip(spark: Any, tracking: str, tmp_path: Path) -> None:
    data = blobs(spark, 300, 5)
    pipeline = Pipeline(stages=[
        VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="assembled"),
        NeuronClassifier(layers=[8], epochs=3, batchSize=32, featuresCol="assembled", seed=2),
    ])
    model = pipeline.fit(data)
    with mlflow.start_run() as run:
        log_fit(model.stages[-1])
        # Given requirements: else MLflow infers them by loading the model in a second Python
        # with its own Spark session, which takes minutes here.
        info = mlflow.spark.log_model(model, "model", dfs_tmpdir=str(tmp_path / "dfs"),
                                      pip_requirements=requirements())
    loaded = mlflow.spark.load_model(info.model_uri, dfs_tmpdir=str(tmp_path / "dfs-load"))
    assert isinstance(loaded, PipelineModel)
    assert isinstance(loaded.stages[-1], NeuronClassificationModel)
    cols = ["x1", "x2", "prediction", "probability"]
    assert (loaded.transform(data).orderBy("x1").select(cols).collect()
            == model.transform(data).orderBy("x1").select(cols).collect())

    client = MlflowClient(tracking)
    logged = client.get_run(run.info.run_id).data
    assert logged.params["layers"] == "8" and logged.params["epochs"] == "3"
    assert logged.params["optimizer"] == "adam"
    losses = client.get_metric_history(run.info.run_id, "loss")
    history = model.stages[-1].history
    assert [(m.step, m.value) for m in losses] == [(r.epoch, r.loss) for r in history]
    assert "val_loss" not in logged.metrics, "NaN metrics (no validation set) are left out"
