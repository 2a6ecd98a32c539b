"""Equilibrium diagnostics for trained (G, D) pairs: duality gaps on V (eq. (5)) and on the
proximal objective (eq. (11)), second-order local-Nash tests (Hessian extremes by Lanczos), and the
spectrum of the game Jacobian (Arnoldi / dense), validated on the exact Gaussian W2GAN (eq. (9)).

Modules: :mod:`.hvp` (V on a fixed evaluation batch, Hessian-vector products), :mod:`.lanczos`,
:mod:`.jacobian`, :mod:`.gap`, :mod:`.exact` (torch W2GAN), :mod:`.run` (``diagnose_run``).
"""

from gantheory.neural.diagnostics.run import diagnose_run, load_run

__all__ = ["diagnose_run", "load_run"]
