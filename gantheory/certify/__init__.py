"""Certificates: rigorous bounds by interval arithmetic and branch and bound (Theorem 1).

Layer 2: imports :mod:`gantheory.games` and the closed forms of :mod:`gantheory.exact`. The 1-D
certificates share names (``certify_min_gap``, ``gap_upper``): use them through :mod:`.fgan` / :mod:`.wgan`;
``branch_and_bound`` is the submodule (its function of the same name is not re-exported, so that the
submodule stays importable by name).
"""

from gantheory.certify import fgan, fgan2d, fgan2d_upper, local_nash, wgan
from gantheory.certify.branch_and_bound import BnBResult
from gantheory.certify.fgan import FGANCertificate
from gantheory.certify.fgan2d import FGAN2DCertificate, certify_min_gap_2d
from gantheory.certify.fgan2d_upper import GapUpper2D, gap_upper_2d
from gantheory.certify.interval import Interval
from gantheory.certify.local_nash import LocalNashCertificate, certify_fgan, certify_w2gan, certify_wgan
from gantheory.certify.quadrature import CellGrid, expectation_enclosure, unimodal_lower_bound
from gantheory.certify.wgan import WGANCertificate

__all__ = [
    "BnBResult", "CellGrid", "FGAN2DCertificate", "FGANCertificate", "GapUpper2D", "Interval",
    "LocalNashCertificate", "WGANCertificate", "certify_fgan", "certify_min_gap_2d", "certify_w2gan", "certify_wgan",
    "expectation_enclosure", "fgan", "fgan2d", "fgan2d_upper", "gap_upper_2d", "local_nash", "unimodal_lower_bound",
    "wgan",
]
