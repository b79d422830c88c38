"""PySpark ML stages over Neuron's Java estimators (``dev.neuron.ml``).

The import name is ``neuron_spark``, not ``neuron``: ``neuron`` is the NEURON simulator's
import name on the package index, and the package is Neuron's Spark binding.
"""

from __future__ import annotations

import sys
import types

from neuron_spark._jar import (
    JAR_VERSION,
    JarError,
    check_jar,
    jar_path,
    local_session,
    require_jvm_jar,
    session_builder,
)
from neuron_spark._stages import (
    EpochRecord,
    NeuronClassificationModel,
    NeuronClassifier,
    NeuronRegressionModel,
    NeuronRegressor,
)
from neuron_spark.errors import NeuronError

__version__ = "0.1.0.dev0"

__all__ = [
    "JAR_VERSION",
    "EpochRecord",
    "JarError",
    "NeuronClassificationModel",
    "NeuronClassifier",
    "NeuronError",
    "NeuronRegressionModel",
    "NeuronRegressor",
    "check_jar",
    "jar_path",
    "local_session",
    "require_jvm_jar",
    "session_builder",
]


def _map_java_package() -> None:
    """Makes ``dev.neuron.ml.<Stage>`` importable as the Python stage.

    PySpark finds the Python class of a Java stage it loads (inside a PipelineModel, a
    CrossValidatorModel …) by importing the Java class name with ``org.apache.spark`` replaced by
    ``pyspark``; for ``dev.neuron.ml.NeuronClassificationModel`` that is the module
    ``dev.neuron.ml``, which these aliases provide. A real ``dev`` package is left alone.
    """
    stages = [NeuronClassifier, NeuronClassificationModel, NeuronRegressor, NeuronRegressionModel]
    parents = ["dev", "dev.neuron"]
    for name in parents:
        if name in sys.modules and not getattr(sys.modules[name], "_neuron_alias", False):
            return
    for name in parents + ["dev.neuron.ml"]:
        module = sys.modules.get(name) or types.ModuleType(name)
        module.__dict__["_neuron_alias"] = True
        module.__path__ = []  # a package, so its children import
        sys.modules[name] = module
    sys.modules["dev"].neuron = sys.modules["dev.neuron"]  # type: ignore[attr-defined]
    sys.modules["dev.neuron"].ml = sys.modules["dev.neuron.ml"]  # type: ignore[attr-defined]
    for stage in stages:
        setattr(sys.modules["dev.neuron.ml"], stage.__name__, stage)


_map_java_package()
