"""gantheory: computational checks of Farnia & Ozdaglar, "Do GANs always have Nash equilibria?" (ICML 2020).

The theory half lives in :mod:`gantheory.games` (the Gaussian GAN games of Section 3), :mod:`gantheory.exact`
and :mod:`gantheory.certify` (closed forms and interval certificates), :mod:`gantheory.equilibria` and
:mod:`gantheory.proximal` (Nash gaps, local Nash tests, proximal equilibria of Section 4) and
:mod:`gantheory.claims` (one module per paper result); the proofs of ``proofs/`` are
:mod:`gantheory.proofs`.

The names a script needs are importable from here, loaded on first use so that ``import gantheory`` stays
light::

    from gantheory import GaussianData, LinearGenerator, LinearGeneratorSet, W2GANClosedForm, W2GANGame, nash_gap
    game = W2GANGame(GaussianData(1.25, 2), LinearGeneratorSet(2, 2, 0.5), eta=0.5)
    G = LinearGenerator(np.eye(2), np.zeros(2))
    D = W2GANClosedForm(game).discriminator_best_response(G).strategies[0]  # D_G, the closed-form responder
    nash_gap(game, G, D)  # eta (sigma - 1) t^2 = 0.03125 (Theorem 1)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    # the games of Section 3 (eqs. (7)-(9)) and their players
    "GaussianData": "gantheory.games.gaussian",
    "LinearGenerator": "gantheory.games.gaussian",
    "LinearGeneratorSet": "gantheory.games.gaussian",
    "FGANGame": "gantheory.games.fgan",
    "F_TABLE": "gantheory.games.divergences",
    "WGANGame": "gantheory.games.wgan",
    "W2GANGame": "gantheory.games.w2gan",
    "QuadraticDiscriminator": "gantheory.games.w2gan",
    "AbsDiscriminator": "gantheory.games.discriminators",
    # best responses: closed forms (exact/) and the numerical responders (equilibria/)
    "FGANClosedForm": "gantheory.exact",
    "WGANClosedForm": "gantheory.exact",
    "W2GANClosedForm": "gantheory.exact",
    "W2GAN1D": "gantheory.exact.w2gan_1d",
    "default_responder": "gantheory.equilibria.nash",
    # solution concepts: Nash equilibrium (Definition in Section 3), local Nash, proximal equilibrium (Def. 1)
    "nash_gap": "gantheory.equilibria.nash",
    "nash_gap_at_best_response": "gantheory.equilibria.nash",
    "deviation_gains": "gantheory.equilibria.nash",
    "best_local_improvement": "gantheory.equilibria.local",
    "is_proximal_equilibrium": "gantheory.proximal.equilibrium",
    # the claims behind `gantheory check`
    "run_claims": "gantheory.claims.registry",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first access (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gantheory' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _map_source_proofs() -> None:
    """In a source checkout (``PYTHONPATH=.``) the proofs live in ``proofs/`` beside this package, not in
    ``gantheory/proofs/`` as in an installed wheel (setup.py's package-dir mapping): register that directory
    as the package ``gantheory.proofs`` so that both layouts import it under one name. Only the package's
    ``__init__`` (a list of module names) runs here; its modules load on demand."""
    if "gantheory.proofs" in sys.modules or (Path(__file__).parent / "proofs").is_dir():
        return
    source = Path(__file__).resolve().parent.parent / "proofs" / "__init__.py"
    if not source.is_file():
        return
    spec = importlib.util.spec_from_file_location("gantheory.proofs", source,
                                                  submodule_search_locations=[str(source.parent)])
    if spec is None or spec.loader is None:  # pragma: no cover -- a file-system oddity
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["gantheory.proofs"] = module
    spec.loader.exec_module(module)
    globals()["proofs"] = module


_map_source_proofs()
