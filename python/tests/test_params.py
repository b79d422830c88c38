"""The Python params are the Java params: same names, types, defaults and docs, with the same
setters; generated from the Java declarations (tools/generate_params.py) and checked here against
the jar, so a Java param added without its Python twin fails this module."""

from __future__ import annotations

from typing import Any

import pytest
from pyspark.ml.param import Params, TypeConverters

import neuron_spark
from neuron_spark import NeuronClassifier, NeuronError, NeuronRegressor
from neuron_spark._generated import SPECS
from neuron_spark._introspect import STAGES, ParamSpec, java_specs

CONVERTER = {
    "Param": TypeConverters.toString,
    "IntParam": TypeConverters.toInt,
    "LongParam": TypeConverters.toInt,
    "DoubleParam": TypeConverters.toFloat,
    "BooleanParam": TypeConverters.toBoolean,
    "IntArrayParam": TypeConverters.toListInt,
}


def differences(java: dict[str, tuple[ParamSpec, ...]],
                python: dict[str, tuple[ParamSpec, ...]]) -> list[str]:
    """Every way the two declarations differ, one line each."""
    out = []
    for stage in sorted(java.keys() | python.keys()):
        j = {s.name: s for s in java.get(stage, ())}
        p = {s.name: s for s in python.get(stage, ())}
        out += [f"{stage}: Java param {n} has no Python twin" for n in sorted(j.keys() - p.keys())]
        out += [f"{stage}: Python param {n} is not in Java" for n in sorted(p.keys() - j.keys())]
        out += [f"{stage}.{n}: Java {j[n]} != Python {p[n]}"
                for n in sorted(j.keys() & p.keys()) if j[n] != p[n]]
    return out


def python_specs(cls: type) -> tuple[ParamSpec, ...]:
    """What a Python stage class declares, read from the class itself."""
    instance: Params = cls() if cls in (NeuronClassifier, NeuronRegressor) else cls(None)
    out = []
    for p in sorted(instance.params, key=lambda p: p.name):
        declared = next(s for s in SPECS[cls.__name__] if s.name == p.name)
        java_type = next(t for t, conv in CONVERTER.items()
                         if conv is p.typeConverter and (t == declared.java_type
                                                         or CONVERTER[declared.java_type] is not conv))
        default = instance.getOrDefault(p) if instance.hasDefault(p) else None
        setter = hasattr(cls, "set" + p.name[0].upper() + p.name[1:])
        out.append(ParamSpec(p.name, java_type, default, p.doc, setter))
        assert callable(getattr(cls, "get" + p.name[0].upper() + p.name[1:])), p.name
    return tuple(out)


def test_generated_declarations_match_the_jar(spark: Any) -> None:
    diff = differences(java_specs(spark), SPECS)
    assert not diff, ("the Python params differ from the jar's; run"
                      " python/tools/generate_params.py:\n" + "\n".join(diff))


def test_python_classes_are_what_was_generated() -> None:
    for name in STAGES:
        cls = getattr(neuron_spark, name)
        assert not differences({name: SPECS[name]}, {name: python_specs(cls)})


def test_the_check_names_a_java_param_without_its_twin() -> None:
    added = ParamSpec("newThing", "IntParam", 3, "a param added in Java only", True)
    java = {"NeuronClassifier": SPECS["NeuronClassifier"] + (added,)}
    python = {"NeuronClassifier": SPECS["NeuronClassifier"]}
    assert differences(java, python) == [
        "NeuronClassifier: Java param newThing has no Python twin"]
    changed = tuple(s if s.name != "epochs" else ParamSpec("epochs", "IntParam", 11, s.doc, True)
                    for s in SPECS["NeuronClassifier"])
    diff = differences({"NeuronClassifier": changed}, python)
    assert len(diff) == 1 and diff[0].startswith("NeuronClassifier.epochs: Java ")


def test_keyword_constructor_setters_and_getters_reach_the_java_stage(spark: Any) -> None:
    clf = NeuronClassifier(layers=[16, 8], epochs=3, optimizer="sgd", learningRate=0.05,
                           momentum=0.9, nesterov=True, seed=7, classWeights="balanced")
    assert clf.getLayers() == [16, 8]
    assert clf.getEpochs() == 3 and clf.getSeed() == 7 and clf.getNesterov() is True
    assert clf.getLearningRate() == 0.05 and clf.getClassWeights() == "balanced"
    assert clf.getBatchSize() == 128, "an unset param reads its Java default"
    assert not clf.isSet(clf.patience) and not clf.hasDefault(clf.patience)
    assert clf.setBatchSize(64).setDropout(0.25) is clf
    clf.setParams(activation="tanh", l2=1e-4)
    j = clf._java_obj
    assert list(j.getLayers()) == [16, 8] and j.getEpochs() == 3 and j.getOptimizer() == "sgd"
    assert j.getBatchSize() == 64 and j.getDropout() == 0.25 and j.getActivation() == "tanh"
    assert j.getL2() == 1e-4 and j.getMomentum() == 0.9 and j.getSeed() == 7
    reg = NeuronRegressor(loss="huber", delta=0.5, schedule="cosine", decaySteps=100)
    assert reg.getLoss() == "huber" and reg._java_obj.getDelta() == 0.5
    assert reg._java_obj.getOrDefault(reg._java_obj.getParam("decaySteps")) == 100
    assert reg.getSchedule() == "cosine"


def test_a_bad_value_fails_where_it_is_set_with_the_java_message(spark: Any) -> None:
    clf = NeuronClassifier(optimizer="rmsprop")
    with pytest.raises(NeuronError, match="parameter optimizer given invalid value nadam") as e:
        clf.setOptimizer("nadam")
    assert "\tat " not in str(e.value) and "Py4J" not in str(e.value)
    assert clf.getOptimizer() == "rmsprop", "the refused value is not kept"
    with pytest.raises(NeuronError, match="parameter epochs given invalid value 0"):
        NeuronClassifier(epochs=0)
    with pytest.raises(NeuronError, match="parameter classWeights given invalid value"):
        NeuronClassifier(classWeights="heavy")
    with pytest.raises(TypeError):
        NeuronClassifier(layers="wide")  # type: ignore[arg-type]
