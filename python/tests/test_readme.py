"""The README's PySpark example, run exactly as written (the code block after the sentence that
names this file)."""

from __future__ import annotations

import re
from typing import Any

from conftest import ROOT
from neuron_spark import NeuronClassificationModel

MARKER = "The example below is run, exactly as written, by `python/tests/test_readme.py`"


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text()
    assert MARKER in readme
    match = re.search(r"```python\n(.*?)```", readme[readme.index(MARKER):], re.S)
    assert match
    return match.group(1)


def test_the_readme_pyspark_example_runs(spark: Any, capsys: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(readme_example(), "README.md (PySpark example)", "exec"), namespace)
    assert namespace["spark"] is spark, "local_session reuses the running session"
    assert namespace["accuracy"] > 0.9, namespace["accuracy"]
    assert isinstance(namespace["loaded"].stages[-1], NeuronClassificationModel)
    out = capsys.readouterr().out
    assert re.search(r"test accuracy 0\.9\d\d", out), out
    assert "epoch 1: loss" in out and "|species" in out
