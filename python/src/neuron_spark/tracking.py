"""Logging a Neuron fit to MLflow: its params and its per-epoch metrics.

The fit runs in the JVM, so the epochs are logged after it, from the model's history, each with
its epoch number as the MLflow step::

    with mlflow.start_run():
        model = NeuronClassifier(layers=[64], epochs=5).fit(train)
        neuron_spark.tracking.log_fit(model)

MLflow is not a dependency of the package: install ``neuron-spark[mlflow]``.
"""

from __future__ import annotations

from typing import Any

from neuron_spark._stages import _NeuronModel


def fit_params(model: _NeuronModel) -> dict[str, str]:
    """The params the fit ran with (set or default), as MLflow's string values."""
    out = {}
    for param, value in model.extractParamMap().items():
        out[param.name] = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return out


def log_fit(model: _NeuronModel, log_params: bool = True, prefix: str = "") -> None:
    """Logs the model's params (unless ``log_params`` is false) and one set of metrics per epoch
    of its history (``loss``, ``accuracy``, ``val_loss`` … each named ``prefix`` + name, NaN ones
    left out) to the active MLflow run (or a new one)."""
    import mlflow

    if log_params:
        mlflow.log_params(fit_params(model))
    for record in model.history:
        metrics: dict[str, Any] = {prefix + k: v for k, v in record.metrics().items()}
        mlflow.log_metrics(metrics, step=record.epoch)
