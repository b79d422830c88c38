"""The four PySpark ML stages over the Java ones, as pyspark.ml wraps its own Java stages: the
Python stage holds the Java stage under the same uid and hands it the params by name. The params,
getters, setters and constructors come from ``_generated.py``; this module adds the behaviour
(fit, transform, persistence, the fit's history, ONNX export) and turns Java errors into
:class:`~neuron_spark.errors.NeuronError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Type, TypeVar, Union

from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaParams
from pyspark.sql import DataFrame

from neuron_spark._generated import (
    _NeuronClassificationModelBase,
    _NeuronClassifierBase,
    _NeuronRegressionModelBase,
    _NeuronRegressorBase,
)
from neuron_spark._jar import JAR_VERSION, JarError
from neuron_spark.errors import from_java, java_errors

_P = TypeVar("_P", bound="_NeuronParams")


@dataclass(frozen=True)
class EpochRecord:
    """One epoch of a fit's history (Java's ``dev.neuron.train.EpochRecord``): training loss
    and accuracy (means over the epoch's batches; accuracy NaN for a regressor), validation loss
    and accuracy (NaN without validation data), seconds, samples per second, and the learning
    rate of the epoch's last step (NaN when unknown)."""

    epoch: int
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float
    seconds: float
    samples_per_second: float
    learning_rate: float

    def metrics(self) -> Dict[str, float]:
        """The epoch's measured values, NaN ones left out, as metric name → value."""
        values = {
            "loss": self.loss,
            "accuracy": self.accuracy,
            "val_loss": self.val_loss,
            "val_accuracy": self.val_accuracy,
            "seconds": self.seconds,
            "samples_per_second": self.samples_per_second,
            "learning_rate": self.learning_rate,
        }
        return {k: v for k, v in values.items() if not math.isnan(v)}


class _NeuronParams(JavaParams):
    """Checks every value on the Java stage as it is set, so a bad value fails at the call that
    set it, with the Java message, and leaves the Python stage as it was."""

    @staticmethod
    def _new_java_obj(java_class: str, *args: Any) -> Any:
        try:
            return JavaParams._new_java_obj(java_class, *args)
        except TypeError as e:
            # Py4J's answer for a class the JVM does not have: "'JavaPackage' object is not
            # callable".
            if "JavaPackage" not in str(e):
                raise
            raise JarError(
                f"the Spark session has no {java_class} (neuron-app.jar {JAR_VERSION} needed):"
                " make the session with neuron_spark.session_builder(), or pass the jar with"
                " spark-submit --jars"
            ) from None

    def _set(self: _P, **kwargs: Any) -> _P:
        java_obj = getattr(self, "_java_obj", None)
        before = dict(self._paramMap)
        super()._set(**kwargs)
        if java_obj is None:
            return self
        for name, value in kwargs.items():
            if value is None:
                continue
            param = self.getParam(name)
            try:
                java_obj.set(self._make_java_param_pair(param, self._paramMap[param]))
            except (Py4JJavaError, CapturedException) as e:
                self._paramMap = before
                raise from_java(e) from None
        return self


class _NeuronReader(JavaMLReader):
    """Loads through the Java stage's own reader (``dev.neuron.ml.<Stage>.read()``)."""

    @classmethod
    def _java_loader_class(cls, clazz: Type[Any]) -> str:
        return clazz._java_class

    @java_errors
    def load(self, path: str) -> Any:
        return super().load(path)


class _NeuronReadable(JavaMLReadable):
    @classmethod
    def read(cls) -> JavaMLReader:
        return _NeuronReader(cls)


class _NeuronEstimator(_NeuronParams, JavaEstimator, _NeuronReadable, JavaMLWritable):
    @java_errors
    def _fit_java(self, dataset: DataFrame) -> Any:
        return super()._fit_java(dataset)


class _NeuronModel(_NeuronParams, JavaModel, _NeuronReadable, JavaMLWritable):
    @java_errors
    def _transform(self, dataset: DataFrame) -> DataFrame:
        return super()._transform(dataset)

    @property
    def history(self) -> List[EpochRecord]:
        """The fit's per-epoch history; empty for a loaded model (a saved model keeps none)."""
        return [
            EpochRecord(
                epoch=r.epoch(),
                loss=r.loss(),
                accuracy=r.accuracy(),
                val_loss=r.valLoss(),
                val_accuracy=r.valAccuracy(),
                seconds=r.seconds(),
                samples_per_second=r.samplesPerSecond(),
                learning_rate=float(r.learningRate()),
            )
            for r in self._java_obj.history()
        ]

    @property
    def numFeatures(self) -> int:
        """The width of the feature vectors the network takes."""
        return int(self._java_obj.numFeatures())

    @java_errors
    def toOnnx(self) -> bytes:
        """The network and weights as a serialized ONNX model: input ``input`` [N, numFeatures]
        float32, output ``output`` (the class probabilities, or the regression outputs)."""
        return bytes(self._java_obj.toOnnx())

    def saveOnnx(self, path: Union[str, Path]) -> None:
        """Writes :meth:`toOnnx` to a local file."""
        Path(path).write_bytes(self.toOnnx())


class NeuronClassificationModel(_NeuronClassificationModelBase, _NeuronModel):
    """A trained softmax classifier: ``transform`` appends rawPrediction (logits), probability
    and prediction (the most probable class index) as MLlib's classifiers do."""

    @property
    def numClasses(self) -> int:
        return int(self._java_obj.numClasses())


class NeuronClassifier(_NeuronClassifierBase, _NeuronEstimator):
    """A dense softmax classifier trained by Neuron (``dev.neuron.ml.NeuronClassifier``)."""

    def _create_model(self, java_model: Any) -> NeuronClassificationModel:
        return NeuronClassificationModel(java_model)


class NeuronRegressionModel(_NeuronRegressionModelBase, _NeuronModel):
    """A trained regression network: ``transform`` appends prediction (a double for one output,
    a vector for several)."""

    @property
    def numOutputs(self) -> int:
        return int(self._java_obj.numOutputs())


class NeuronRegressor(_NeuronRegressorBase, _NeuronEstimator):
    """A dense regression network trained by Neuron (``dev.neuron.ml.NeuronRegressor``)."""

    def _create_model(self, java_model: Any) -> NeuronRegressionModel:
        return NeuronRegressionModel(java_model)
