"""Shared fixtures: one local SparkSession per test module (local[2], UI off), the jar as the
installed package finds it, and small data sets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
from pyspark.ml.linalg import Vectors
from pyspark.sql import DataFrame, SparkSession

import neuron_spark

ROOT = Path(__file__).resolve().parents[2]
MNIST = ROOT / "data" / "mnist"

# Neuron's BLAS warns when OpenBLAS may start its own threads beside Spark's (conf/ sets the same).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        neuron_spark.session_builder("neuron-pytest", "local[2]")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    neuron_spark.require_jvm_jar(session)
    yield session
    session.stop()


def blobs(spark: SparkSession, n: int, seed: int) -> DataFrame:
    """Three Gaussian blobs in 3-D, labelled 0, 1, 2 (as the Java tests' blobs): easy to learn."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        c = i % 3
        x = [2.0 * c + 0.5 * rng.standard_normal(), c - 0.5 * rng.standard_normal(),
             rng.standard_normal()]
        rows.append((Vectors.dense(x), float(c), ["setosa", "versicolor", "virginica"][c],
                     x[0], x[1], x[2]))
    return spark.createDataFrame(rows, ["features", "label", "species", "x1", "x2", "x3"])


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (MNIST's format) as an array of unsigned bytes, shaped as its header says."""
    data = path.read_bytes()
    if data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
