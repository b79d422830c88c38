"""ONNX export from Python, checked in an independent runtime: onnxruntime's class probabilities
on the whole MNIST test set equal Neuron's own (transform) to 1e-5."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import pytest
from pyspark.ml.linalg import Vectors

from conftest import MNIST, read_idx
from neuron_spark import NeuronClassifier, NeuronRegressor

pytestmark = pytest.mark.skipif(not (MNIST / "t10k-images-idx3-ubyte").is_file(),
                                reason="data/mnist missing: run jobs/fetch-mnist.sh")


def mnist(spark: Any, name: str, limit: int) -> tuple[Any, np.ndarray]:
    """The first ``limit`` images of an MNIST split, scaled to [0, 1], as a DataFrame (features,
    label, id) and as the float32 matrix the same doubles round to."""
    images = read_idx(MNIST / f"{name}-images-idx3-ubyte")[:limit].reshape(limit, -1) / 255.0
    labels = read_idx(MNIST / f"{name}-labels-idx1-ubyte")[:limit]
    rows = [(i, Vectors.dense(images[i]), float(labels[i])) for i in range(limit)]
    df = spark.createDataFrame(rows, ["id", "features", "label"])
    return df, images.astype(np.float32)


def test_onnxruntime_matches_neuron_on_the_mnist_test_set(spark: Any, tmp_path: Path) -> None:
    train, _ = mnist(spark, "train", 3000)
    test, x = mnist(spark, "t10k", 10000)
    model = NeuronClassifier(layers=[32], epochs=2, batchSize=64, seed=4,
                             numPartitions=2).fit(train)
    neuron = np.array([r.probability.toArray() for r in
                       model.transform(test).orderBy("id").select("probability").collect()])
    assert neuron.shape == (10000, 10)

    path = tmp_path / "mnist.onnx"
    model.saveOnnx(path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["input"]
    (runtime,) = session.run(["output"], {"input": x})
    assert runtime.shape == (10000, 10)
    diff = np.abs(runtime.astype(np.float64) - neuron).max()
    assert diff <= 1e-5, f"largest difference {diff}"
    labels = read_idx(MNIST / "t10k-labels-idx1-ubyte")
    accuracy = float((runtime.argmax(axis=1) == labels).mean())
    assert accuracy > 0.8, accuracy
    assert (runtime.argmax(axis=1) == neuron.argmax(axis=1)).all()


def test_a_regression_model_exports_too(spark: Any) -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((200, 4))
    y = x @ np.array([1.0, -2.0, 0.5, 0.0])
    df = spark.createDataFrame([(Vectors.dense(x[i]), float(y[i])) for i in range(200)],
                               ["features", "label"])
    model = NeuronRegressor(layers=[8], activation="tanh", epochs=3, batchSize=32).fit(df)
    neuron = np.array([r.prediction for r in model.transform(df).collect()])
    (runtime,) = ort.InferenceSession(model.toOnnx(), providers=["CPUExecutionProvider"]).run(
        None, {"input": x.astype(np.float32)})
    assert runtime.shape == (200, 1)
    assert np.abs(runtime[:, 0] - neuron).max() <= 1e-5
