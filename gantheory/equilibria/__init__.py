"""Solution concepts and numerical best responses (eq. (2)): Nash gaps, local Nash tests, closed-form-free
searches, sample estimates.

Layer 3. Names are loaded on first use (module ``__getattr__``), so that importing the closed-form-free
search (:mod:`gantheory.equilibria.search`) does not import :mod:`gantheory.exact` through
:mod:`gantheory.equilibria.nash`.
"""

from importlib import import_module
from typing import Any

_NAMES = {
    "nash_gap": "nash", "nash_gap_at_best_response": "nash", "deviation_gains": "nash",
    "default_responder": "nash",
    "FGANNumerical": "numerical", "WGANNumerical": "numerical", "W2GANNumerical": "numerical",
    "grid_generator_response": "numerical",
    "SearchResult": "search", "gap_at_response": "search", "search_min_gap_fgan": "search",
    "search_min_gap_wgan": "search", "search_min_gap_w2gan": "search",
    "best_local_improvement": "local", "projected_stationarity": "local",
    "SampleNashGap": "sample_gap", "wgan_nash_gap_from_samples": "sample_gap",
    "w2gan_nash_gap_from_samples": "sample_gap",
    "fgan2d_nash_gap": ("fgan2d_gap", "nash_gap"),
    "StationaryPair": "local_descent", "descend_to_stationary": "local_descent",
    "local_nash_violations": "local_descent",
    "Landscape": "landscape", "LandscapeGame": "landscape", "landscape_games": "landscape",
    "gap_landscape": "landscape", "refine_min": "landscape", "remark1_gaps": "landscape",
    "random_lipschitz": "random_deviations", "random_quadratics": "random_deviations",
    "random_tanh_bumps": "random_deviations", "piecewise_linear": "random_deviations",
    "w1_minimising_shift": "wasserstein_minimisers", "w2_minimising_shift": "wasserstein_minimisers",
    "WhitneyExtension1D": "sample_discriminators", "EmpiricalCTransform": "sample_discriminators",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    target = _NAMES.get(name)
    if target is None:
        raise AttributeError(f"module 'gantheory.equilibria' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    return getattr(import_module(f"gantheory.equilibria.{module}"), attr)


def __dir__() -> list[str]:
    return __all__
