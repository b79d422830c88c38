"""Writes src/neuron_spark/_generated.py from the Java stages' declarations.

Run it in the project's environment after changing a Java param (python/make-venv.sh first):

    python/.venv/bin/python python/tools/generate_params.py

It starts a local session with target/neuron-app.jar (or $NEURON_JAR), reads every param of the
four stages (name, type, default, doc, whether the Java class has a setter) and writes one
params class per stage: the Param declarations, getters, the setters Java has, and for the
estimators a keyword constructor and setParams. tests/test_params.py fails while the file and the
jar disagree.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PY_DIR = HERE.parent

def _load(name: str) -> Any:
    """A module of the package, loaded from its file: the package itself imports the file this
    script writes, so it cannot be imported while that file is missing or stale."""
    spec = importlib.util.spec_from_file_location(name, PY_DIR / "src" / "neuron_spark" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_introspect = _load("_introspect")
STAGES = _introspect.STAGES
ParamSpec = _introspect.ParamSpec

CONVERTER = {
    "Param": "TypeConverters.toString",
    "IntParam": "TypeConverters.toInt",
    "LongParam": "TypeConverters.toInt",
    "DoubleParam": "TypeConverters.toFloat",
    "BooleanParam": "TypeConverters.toBoolean",
    "IntArrayParam": "TypeConverters.toListInt",
}
PY_TYPE = {
    "Param": "str",
    "IntParam": "int",
    "LongParam": "int",
    "DoubleParam": "float",
    "BooleanParam": "bool",
    "IntArrayParam": "List[int]",
}
ESTIMATORS = {"NeuronClassifier", "NeuronRegressor"}


def cap(name: str) -> str:
    return name[0].upper() + name[1:]


#: Each estimator and its model: they share one ParamSet in Java, so one params class here.
FAMILIES = {
    "NeuronClassifier": "NeuronClassificationModel",
    "NeuronRegressor": "NeuronRegressionModel",
}


def params_code(estimator: str, specs: tuple[Any, ...]) -> str:
    """The params class an estimator and its model share: declarations, defaults, getters."""
    lines = [
        f"class _{estimator}Params(Params):",
        f'    """The params of ``{STAGES[estimator]}`` and its model, generated from them."""',
        "",
        "    _java_defaults: ClassVar[Dict[str, Any]] = {",
    ]
    lines += [f"        {s.name!r}: {s.default!r}," for s in specs if s.default is not None]
    lines += ["    }", ""]
    for s in specs:
        lines += [
            f"    {s.name}: Param[{PY_TYPE[s.java_type]}] = Param(",
            f"        Params._dummy(), {s.name!r}, {s.doc!r},",
            f"        typeConverter={CONVERTER[s.java_type]})",
        ]
    for s in specs:
        lines += [
            "",
            f"    def get{cap(s.name)}(self) -> {PY_TYPE[s.java_type]}:",
            f'        """The value of ``{s.name}`` or its default: {_doc_line(s.doc)}"""',
            f"        return self.getOrDefault(self.{s.name})",
        ]
    return "\n".join(lines)


def stage_code(cls: str, family: str, specs: tuple[Any, ...]) -> str:
    """One stage's class: its Java class, the setters Java has, and its constructor."""
    estimator = cls in FAMILIES
    lines = [
        f"class _{cls}Base(_{family}Params):",
        f'    """``{STAGES[cls]}``: the setters it has and its constructor'
        + (' (by keyword), and setParams."""' if estimator else '."""'),
        "",
        f"    _java_class: ClassVar[str] = {STAGES[cls]!r}",
    ]
    for s in specs:
        if s.setter:
            lines += [
                "",
                f'    def set{cap(s.name)}(self: "_S", value: {PY_TYPE[s.java_type]}) -> "_S":',
                f'        """Sets :attr:`{s.name}`."""',
                f"        return self._set({s.name}=value)",
            ]
    lines.append("")
    if estimator:
        args = constructor_args(specs)
        lines += [
            "    @keyword_only",
            f"    def __init__(self, *, {args}) -> None:",
            "        super().__init__()",
            "        self._java_obj = self._new_java_obj(self._java_class, self.uid)  # type: ignore",
            "        self._setDefault(**self._java_defaults)",
            "        self._set(**self._input_kwargs)",
            "",
            "    @keyword_only",
            f'    def setParams(self: "_S", *, {args}) -> "_S":',
            '        """Sets the params given by keyword."""',
            "        return self._set(**self._input_kwargs)",
        ]
    else:
        lines += [
            "    def __init__(self, java_model: Optional[Any] = None) -> None:",
            "        super().__init__(java_model)  # type: ignore",
            "        self._setDefault(**self._java_defaults)",
        ]
    return "\n".join(lines)


def shared(spec: Any) -> tuple[Any, ...]:
    """What an estimator's param and its model's must agree on (not the setter)."""
    return (spec.name, spec.java_type, spec.default, spec.doc)


def _doc_line(doc: str) -> str:
    return doc.replace("\\", "\\\\").replace('"""', "'''")


def constructor_args(specs: tuple[Any, ...]) -> str:
    return ", ".join(f"{s.name}: Optional[{PY_TYPE[s.java_type]}] = None" for s in specs)


def generate(specs: dict[str, tuple[Any, ...]]) -> str:
    out = [
        '"""Generated by python/tools/generate_params.py from the Java stages: do not edit.',
        "",
        "Regenerate after changing a Java param; tests/test_params.py fails until then.",
        '"""',
        "",
        "# flake8: noqa",
        "from __future__ import annotations",
        "",
        "from typing import Any, ClassVar, Dict, List, Optional, TypeVar",
        "",
        "from pyspark import keyword_only",
        "from pyspark.ml.param import Param, Params, TypeConverters",
        "",
        "from neuron_spark._introspect import ParamSpec",
        "",
        '_S = TypeVar("_S", bound=Params)',
        "",
        "#: What the Java stages declared when this file was generated, by Python class name.",
        "SPECS: Dict[str, tuple[ParamSpec, ...]] = {",
    ]
    for cls, ss in specs.items():
        out.append(f"    {cls!r}: (")
        out += [f"        {s!r}," for s in ss]
        out.append("    ),")
    out += ["}", "", ""]
    classes = []
    for estimator, model in FAMILIES.items():
        if [shared(x) for x in specs[estimator]] != [shared(x) for x in specs[model]]:
            raise SystemExit(f"{estimator} and {model} declare different params: the"
                             " generator assumes they share one ParamSet")
        classes.append(params_code(estimator, specs[estimator]))
        classes.append(stage_code(estimator, estimator, specs[estimator]))
        classes.append(stage_code(model, estimator, specs[model]))
    out += ["\n\n\n".join(classes), ""]
    return "\n".join(out)


def main() -> int:
    from pyspark.sql import SparkSession

    os.environ.setdefault("NEURON_JAR", str(PY_DIR.parent / "target" / "neuron-app.jar"))
    check_jar = _load("_jar").check_jar

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.jars", str(check_jar()))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        code = generate(_introspect.java_specs(spark))
    finally:
        spark.stop()
    target = PY_DIR / "src" / "neuron_spark" / "_generated.py"
    target.write_text(code)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
