"""The claims: one module per result of the paper (named as in ``proofs/``) or finding of ours, each with
``CLAIMS: list[Claim]``; :mod:`gantheory.claims.registry` lists them in the paper's order and runs them.

``REGISTRY``, ``ORDER`` and ``run_claims`` load the registry (every claim module) on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, OBSERVED, Claim, Evidence, ParamRange

_REGISTRY_NAMES = ("REGISTRY", "ORDER", "run_claims")

__all__ = ["Claim", "Evidence", "ParamRange", "HOLDS", "FAILS", "INCONCLUSIVE", "OBSERVED", *_REGISTRY_NAMES]


def __getattr__(name: str) -> Any:
    """``REGISTRY``, ``ORDER`` and ``run_claims`` from :mod:`gantheory.claims.registry`, loaded on first use."""
    if name in _REGISTRY_NAMES:
        return getattr(importlib.import_module("gantheory.claims.registry"), name)
    raise AttributeError(f"module 'gantheory.claims' has no attribute {name!r}")
