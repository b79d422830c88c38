"""What the Java stages declare, read from a live JVM: each param's name, type, default and doc,
and whether the class has a setter for it. The generator (tools/generate_params.py) writes
``_generated.py`` from this, and the parity test compares the two, so the Python params cannot
drift from the Java ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

#: The Java stages wrapped, by the Python class name that wraps each.
STAGES = {
    "NeuronClassifier": "dev.neuron.ml.NeuronClassifier",
    "NeuronClassificationModel": "dev.neuron.ml.NeuronClassificationModel",
    "NeuronRegressor": "dev.neuron.ml.NeuronRegressor",
    "NeuronRegressionModel": "dev.neuron.ml.NeuronRegressionModel",
}


@dataclass(frozen=True)
class ParamSpec:
    """One Java param: ``java_type`` is the simple name of its class (``IntParam`` …),
    ``default`` None when it has none, ``setter`` whether the stage has ``set<Name>``."""

    name: str
    java_type: str
    default: Any
    doc: str
    setter: bool


def _python_value(value: Any) -> Any:
    """A Java default as Python holds it: an int[] as a list."""
    if isinstance(value, (bool, int, float, str)):
        return value
    return [int(v) for v in value]


def specs_of(stage: Any) -> tuple[ParamSpec, ...]:
    """The specs of a Java stage instance, in Spark's order (by name)."""
    methods = {m.getName() for m in stage.getClass().getMethods()}
    out = []
    for p in stage.params():
        name = p.name()
        default_opt = stage.getDefault(p)
        default: Optional[Any] = (
            _python_value(default_opt.get()) if default_opt.isDefined() else None
        )
        out.append(
            ParamSpec(
                name=name,
                java_type=p.getClass().getSimpleName(),
                default=default,
                doc=p.doc(),
                setter=("set" + name[0].upper() + name[1:]) in methods,
            )
        )
    return tuple(out)


def java_stages(spark: Any) -> dict[str, Any]:
    """One Java instance of each stage in :data:`STAGES`: the estimators made new, the models
    fitted for one epoch on two rows (their constructors are not public)."""
    from pyspark.ml.linalg import Vectors

    jvm = spark.sparkContext._jvm
    df = spark.createDataFrame(
        [(Vectors.dense([0.0, 1.0]), 0.0), (Vectors.dense([1.0, 0.0]), 1.0)],
        ["features", "label"],
    )
    clf = jvm.dev.neuron.ml.NeuronClassifier()
    reg = jvm.dev.neuron.ml.NeuronRegressor()
    fit_clf = jvm.dev.neuron.ml.NeuronClassifier().setEpochs(1).setBatchSize(0)
    fit_reg = jvm.dev.neuron.ml.NeuronRegressor().setEpochs(1).setBatchSize(0)
    return {
        "NeuronClassifier": clf,
        "NeuronClassificationModel": fit_clf.fit(df._jdf),
        "NeuronRegressor": reg,
        "NeuronRegressionModel": fit_reg.fit(df._jdf),
    }


def java_specs(spark: Any) -> dict[str, tuple[ParamSpec, ...]]:
    """The specs of every stage in :data:`STAGES`, by Python class name."""
    return {name: specs_of(stage) for name, stage in java_stages(spark).items()}
