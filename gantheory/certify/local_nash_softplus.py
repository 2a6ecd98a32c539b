"""Enclosures for the local-Nash certificate of the f-GANs whose psi is a softplus (JS, vanilla GAN): the
Gaussian expectation of the payoff's derivatives over cells in y, summed in log space (eq. (7), Theorem 1)."""

from __future__ import annotations

import math

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.interval import Interval
from gantheory.games.divergences import FDivergence

_SQRT2PI = math.sqrt(2 * math.pi)


def _y_cells(m: Interval, n: int = 240, L: float = 9.0) -> tuple[np.ndarray, np.ndarray]:
    """Per-box cells (rows) of the window [max(0, m_lo - L), m_hi + L] where phi(y -+ m) has its mass."""
    a = np.maximum(m.lo - L, 0.0)
    b = np.where(np.isfinite(m.hi), m.hi, m.lo) + L
    k = np.arange(n + 1)[None, :] / n
    e = a[:, None] + (b - a)[:, None] * k
    return e[:, :-1], e[:, 1:]


def _log_phi_min(y0, y1, m_lo, m_hi, shift_sign: float):
    """log of min over y in [y0, y1], m in [m_lo, m_hi] of phi(y + shift_sign * m)."""
    if shift_sign < 0:
        far = np.maximum(np.abs(y0 - m_hi), np.abs(y1 - m_lo))
    else:
        far = y1 + m_hi
    return -0.5 * far * far - 0.5 * math.log(2 * math.pi) - 1e-13 * (1 + far * far)


def _logsum(logs: np.ndarray) -> np.ndarray:
    """log sum exp over the last axis (-inf rows stay -inf); clipped to [-700, 700] before exp by callers."""
    mx = np.max(logs, axis=-1)
    safe = np.where(np.isfinite(mx), mx, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(np.isfinite(mx), safe + np.log(np.sum(np.exp(logs - safe[..., None]), axis=-1)), mx)


def _fgan_boxes_softplus(div: FDivergence, sigma: float, S: Interval, U: Interval):
    """Lower bounds of the normalised margins for softplus psi (JS, GAN): both integrands are positive,
    so cell-wise lower bounds on a window around y = m (everything else >= 0 dropped) are rigorous. Terms
    are summed in log space; the returned margins are exp of the log bound clipped to [-700, 700]."""
    T = div.psi
    assert T.kind == "softplus" and T.kappa > 0 and T.scale > 0
    k = T.kappa
    a = 0.5 - S.square() * (0.5 / sigma**2)
    den = (S.square() * -1.0) + sigma**2  # sigma^2 - s^2 > 0
    cp = iv.log(S * (1.0 / sigma)) - U.square() / (den * 2.0)
    m = (U * S) / den
    y0, y1 = _y_cells(m)
    a_lo, a_hi = a.lo[:, None], a.hi[:, None]
    m_lo, m_hi = m.lo[:, None], m.hi[:, None]
    # e^{kappa (a y^2 + c')} = e^{kappa c'} e^{kappa a y^2}; the positive factor scale kappa e^{kappa c'} is divided
    # out. sigma(kappa v) = e^{kappa v}/(1 + e^{kappa v}), 1 - sigma(kappa v) = 1/(1 + e^{kappa v});
    # log base = kappa a y^2 - log(1 + e^{kappa v}) (lower bound on the cell)
    sp_hi = np.logaddexp(0.0, k * (a_hi * y1**2 + cp.hi[:, None])) * (1 + 1e-14)
    log_base = k * a_lo * y0**2 * (1 - 1e-14) - sp_hi
    log_w = np.log(y1 - y0)
    # (i): k2 / (scale k e^{k c'}) = base (k (2 a y)^2/(1 + e^{kv}) + 2 a) >= base 2 a_lo
    with np.errstate(divide="ignore"):
        log_2a = np.log(np.maximum(2 * a_lo, 0.0))
        log_dens = np.logaddexp(_log_phi_min(y0, y1, m_lo, m_hi, -1.0), _log_phi_min(y0, y1, m_lo, m_hi, 1.0))
        m_i = _logsum(log_base + log_2a + log_dens + log_w)
        # (ii): -s dJ/du' / (m scale k e^{k c'}) = int_0^inf base 2 a y phi(y - m)(1 - e^{-2 y m})/m dy, and
        #       (1 - e^{-x})/x >= 1/(1 + x) gives (1 - e^{-2 y m})/m >= 2 y/(1 + 2 y m)
        log_k1 = log_base + log_2a + np.log(y0)
        log_ratio = np.log(2 * y0) - np.log1p(2 * y1 * m_hi)
        m_ii = _logsum(log_k1 + log_ratio + _log_phi_min(y0, y1, m_lo, m_hi, -1.0) + log_w)
    shrink = math.log1p(-1e-12)
    return np.exp(np.clip(m_i + shrink, -700, 700)), np.exp(np.clip(m_ii + shrink, -700, 700))
