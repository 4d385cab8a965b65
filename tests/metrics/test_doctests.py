"""The examples in the metrics' docstrings run (numpydoc Examples are doctests)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "graph.metrics.weights",
    "graph.metrics.threads",
    "graph.metrics.views",
    "graph.metrics.concentration",
    "graph.metrics.connectivity",
    "graph.metrics.roles",
    "graph.metrics.depth",
    "graph.metrics.value",
    "graph.metrics.cost",
    "graph.metrics.lifecycle",
    "graph.metrics.risk",
    "graph.metrics.account",
    "graph.metrics.paths",
    "graph.metrics.champions",
    "graph.metrics.precision",
    "graph.snapshot",
    "graph.backtest",
    "graph.instants",
    "graph.text_values",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
