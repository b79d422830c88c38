"""The jar: found inside the installed package (or through $NEURON_JAR), its versions checked
against this package's and pyspark's, and a clear error naming both versions otherwise."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pyspark
import pytest

import neuron_spark
from conftest import ROOT
from neuron_spark import JAR_VERSION, JarError, check_jar, jar_path
from neuron_spark._jar import jar_versions


def pom_property(name: str) -> str:
    pom = (ROOT / "pom.xml").read_text()
    match = re.search(rf"<{name}>([^<]+)</{name}>", pom)
    assert match, name
    return match.group(1)


def fake_jar(path: Path, neuron: str, spark: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Version: "
                   f"{neuron}\r\nNeuron-Spark-Version: {spark}\r\n\r\n")
    return path


def test_the_versions_agree_with_the_build() -> None:
    assert JAR_VERSION == pom_property("version")
    # Maven's X.Y.Z-SNAPSHOT is PEP 440's X.Y.Z.dev0.
    assert neuron_spark.__version__ == JAR_VERSION.replace("-SNAPSHOT", ".dev0")
    assert pyspark.__version__ == pom_property("spark.version")


def test_the_installed_package_carries_the_jar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEURON_JAR", raising=False)
    path = jar_path()
    assert path.parent.parent == Path(neuron_spark.__file__).parent
    assert jar_versions(path) == (JAR_VERSION, pyspark.__version__)
    assert check_jar() == path


def test_a_missing_jar_is_named_with_the_version_needed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEURON_JAR", str(tmp_path / "nowhere.jar"))
    with pytest.raises(JarError, match=rf"nowhere.jar.*neuron-app.jar {re.escape(JAR_VERSION)}"):
        neuron_spark.session_builder()


def test_another_neuron_version_is_refused_naming_both(tmp_path: Path) -> None:
    jar = fake_jar(tmp_path / "old.jar", "0.0.9", pyspark.__version__)
    with pytest.raises(JarError) as e:
        check_jar(jar)
    assert "Neuron 0.0.9" in str(e.value) and f"Neuron {JAR_VERSION}" in str(e.value)


def test_a_jar_built_for_another_spark_is_refused_naming_both(tmp_path: Path) -> None:
    jar = fake_jar(tmp_path / "spark35.jar", JAR_VERSION, "3.5.6")
    with pytest.raises(JarError) as e:
        check_jar(jar)
    assert "Spark 3.5.6" in str(e.value) and f"pyspark is {pyspark.__version__}" in str(e.value)


def test_a_file_that_is_not_a_jar(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jar"
    bad.write_text("not a zip")
    with pytest.raises(JarError, match="not a readable jar"):
        check_jar(bad)


def test_a_session_without_the_jar_gets_a_clear_error(tmp_path: Path) -> None:
    # Its own Python and JVM: this process's session has the jar.
    script = (
        "from pyspark.sql import SparkSession\n"
        "import neuron_spark\n"
        "spark = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false')"
        ".getOrCreate()\n"
        "for check in (lambda: neuron_spark.NeuronClassifier(),"
        " lambda: neuron_spark.require_jvm_jar(spark)):\n"
        "    try:\n"
        "        check()\n"
        "    except neuron_spark.JarError as e:\n"
        "        print('JarError:', e)\n"
        "spark.stop()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path)
    lines = [line for line in out.stdout.splitlines() if line.startswith("JarError:")]
    assert len(lines) == 2, out.stdout + out.stderr
    assert "has no dev.neuron.ml.NeuronClassifier" in lines[0] and JAR_VERSION in lines[0]
    assert "has no neuron-app.jar" in lines[1] and JAR_VERSION in lines[1]
