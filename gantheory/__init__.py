"""gantheory: computational checks of Farnia & Ozdaglar, "Do GANs always have Nash equilibria?" (ICML 2020).

The theory half lives in :mod:`gantheory.games` (the Gaussian GAN games of Section 3),
:mod:`gantheory.equilibria` (Nash gaps, local Nash tests), :mod:`gantheory.certify`
(interval-arithmetic certificates) and :mod:`gantheory.claims` (one claim per paper result).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
