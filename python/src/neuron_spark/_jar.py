"""Finding neuron-app.jar, checking its versions, and putting it on a session's classpath.

The jar's manifest carries ``Implementation-Version`` (Maven's project version) and
``Neuron-Spark-Version`` (the Spark it was compiled against); both are read from the file itself,
before any JVM starts, so a wrong or missing jar is reported by name and version instead of as a
``ClassNotFoundException`` deep inside Py4J.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: The Maven version of the jar this package wraps (pom.xml's ``<version>``).
JAR_VERSION = "0.1.0-SNAPSHOT"
#: The variable that names a jar to use instead of the bundled one.
JAR_ENV = "NEURON_JAR"
_BUNDLED = Path(__file__).parent / "jars" / "neuron-app.jar"
# Where the checkout builds the jar, seen from python/src/neuron_spark/ (an editable install,
# `pip install -e python/`, or the source tree on sys.path).
_PARENTS = Path(__file__).resolve().parents
_CHECKOUT = _PARENTS[3] / "target" / "neuron-app.jar" if len(_PARENTS) > 3 else _BUNDLED


class JarError(RuntimeError):
    """The jar is missing, or its Neuron or Spark version is not the one this package needs."""


def jar_path() -> Path:
    """The jar to use: ``$NEURON_JAR`` when set, else the one inside this package (a wheel
    built by python/make-venv.sh), else the checkout's ``target/neuron-app.jar`` (a source
    install).

    Raises :class:`JarError` when that file does not exist.
    """
    named = os.environ.get(JAR_ENV)
    path = Path(named) if named else _BUNDLED
    if not named and not path.is_file() and _CHECKOUT.is_file():
        path = _CHECKOUT
    if not path.is_file():
        where = f"${JAR_ENV}={named}" if named else f"the package's copy {path}"
        raise JarError(
            f"neuron-app.jar not found ({where}): neuron-spark {JAR_VERSION} needs neuron-app.jar"
            f" {JAR_VERSION}; build it with `mvn -DskipTests package` and set {JAR_ENV} to"
            " target/neuron-app.jar, or install a wheel built by python/make-venv.sh"
        )
    return path


def jar_versions(path: Path) -> tuple[str, str]:
    """(Neuron version, Spark version) from the jar's manifest."""
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("META-INF/MANIFEST.MF").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise JarError(f"{path}: not a readable jar with a manifest: {e}") from None
    entries = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            entries[key.strip()] = value.strip()
    return entries.get("Implementation-Version", "unknown"), entries.get(
        "Neuron-Spark-Version", "unknown"
    )


def check_jar(path: Optional[Path] = None) -> Path:
    """The jar (``path`` or :func:`jar_path`), after checking that its versions match.

    Its Neuron version must equal :data:`JAR_VERSION`, and the Spark it was built for must have
    the same major.minor as the installed pyspark.
    """
    import pyspark

    jar = path if path is not None else jar_path()
    neuron, spark = jar_versions(jar)
    if neuron != JAR_VERSION:
        raise JarError(
            f"{jar} is Neuron {neuron}, but this neuron-spark package needs Neuron {JAR_VERSION}"
        )
    if spark.split(".")[:2] != pyspark.__version__.split(".")[:2]:
        raise JarError(
            f"{jar} was built for Spark {spark}, but pyspark is {pyspark.__version__}: use a jar"
            f" built for Spark {pyspark.__version__} or pyspark {spark}"
        )
    return jar


def session_builder(
    app_name: str = "neuron", master: str = "local[2]", jar: Optional[Path] = None
) -> "SparkSession.Builder":
    """A ``SparkSession`` builder with the checked jar on ``spark.jars``, the UI and the console
    progress bars off.

    ``spark.jars`` reaches the driver and the executors of a local session; on a cluster, pass the
    jar to ``spark-submit --jars`` instead (see the README).
    """
    from pyspark.sql import SparkSession

    checked = check_jar(jar)
    return (
        SparkSession.builder.appName(app_name)
        .master(master)
        .config("spark.jars", str(checked))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )


def local_session(app_name: str = "neuron", master: str = "local[2]") -> "SparkSession":
    """A local session with the jar on its classpath (see :func:`session_builder`)."""
    spark = session_builder(app_name, master).getOrCreate()
    require_jvm_jar(spark)
    return spark


def require_jvm_jar(spark: "SparkSession") -> None:
    """Checks that the session's JVM has Neuron's classes at :data:`JAR_VERSION`.

    Catches a session made without the jar, or with another version of it, before the first
    stage is created.
    """
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    try:
        cls = jvm.java.lang.Class.forName(
            "dev.neuron.ml.NeuronClassifier",
            True,
            jvm.java.lang.Thread.currentThread().getContextClassLoader(),
        )
    except Exception:
        raise JarError(
            f"the Spark session has no neuron-app.jar (Neuron {JAR_VERSION} needed): build it with"
            " neuron_spark.session_builder(), or pass the jar with spark-submit --jars"
        ) from None
    found = cls.getPackage().getImplementationVersion()
    if found != JAR_VERSION:
        raise JarError(
            f"the Spark session's neuron-app.jar is Neuron {found}, but this neuron-spark package"
            f" needs Neuron {JAR_VERSION}"
        )
