"""The optimal discriminators of the sample games: the 1-Lipschitz (Whitney / McShane) extension of the W1
potential from the data points (eq. (8)) and the empirical c-transform of the W2 potential (eq. (9)),
evaluated in chunks; used by :mod:`gantheory.equilibria.sample_gap`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gantheory import _validation as v

_CHUNK = 512


class WhitneyExtension1D:
    """D(y) = min_j (h_j + |y - p_j|), the largest 1-Lipschitz function with D(p_j) <= h_j (1-D).

    Evaluated in O(log m) per point: D(y) = min(y + min_{p_j <= y} (h_j - p_j), -y + min_{p_j >= y} (h_j + p_j)).
    """

    def __init__(self, points: np.ndarray, values: np.ndarray) -> None:
        p = np.asarray(points, dtype=float).reshape(-1)
        h = np.asarray(values, dtype=float).reshape(-1)
        if p.shape != h.shape or p.size == 0:
            raise ValueError("points and values must be non-empty and of the same length")
        order = np.argsort(p, kind="stable")
        self.points = p[order]
        self.values = h[order]
        self._left = np.minimum.accumulate(self.values - self.points)  # min over p_j <= p_k
        self._right = np.minimum.accumulate((self.values + self.points)[::-1])[::-1]  # min over p_j >= p_k

    def value_and_grad(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """D at the points y (shape (q,) or (q, 1)) and a subgradient (shape (q, 1))."""
        y = np.asarray(y, dtype=float).reshape(-1)
        k = np.searchsorted(self.points, y, side="right") - 1  # last p_j <= y
        m = len(self.points)
        left = np.where(k >= 0, self._left[np.clip(k, 0, m - 1)] + y, np.inf)
        right = np.where(k + 1 < m, self._right[np.clip(k + 1, 0, m - 1)] - y, np.inf)
        val = np.minimum(left, right)
        grad = np.where(left <= right, 1.0, -1.0)
        return val, grad[:, None]

    def __call__(self, y: np.ndarray) -> np.ndarray:
        return self.value_and_grad(y)[0]


def _upper_envelope(slopes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the lines y -> offsets_i + slopes_i y on the upper envelope (by increasing slope) and
    the breakpoints between consecutive ones (the convex-hull trick)."""
    order = np.lexsort((offsets, slopes))  # by slope, then offset; of equal slopes only the last counts
    keep = np.append(slopes[order][1:] != slopes[order][:-1], True)
    order = order[keep]
    hull: list[int] = []
    for i in order:
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # b is useless when the new line i overtakes a no later than b does
            overtakes_ai = (offsets[a] - offsets[i]) * (slopes[b] - slopes[a])
            if overtakes_ai <= (offsets[a] - offsets[b]) * (slopes[i] - slopes[a]):
                hull.pop()
            else:
                break
        hull.append(int(i))
    h = np.array(hull, dtype=int)
    breaks = (offsets[h[:-1]] - offsets[h[1:]]) / (slopes[h[1:]] - slopes[h[:-1]])
    return h, breaks


class EmpiricalCTransform:
    """D^c(y) = max_i (f_i - eta ||x_i - y||^2), the c-transform (eq. (9)) of D = f on the points x_i.

    With off_i = f_i - eta ||x_i||^2, D^c(y) = max_i (off_i + 2 eta x_i . y) - eta ||y||^2: in one
    dimension the maximum of lines is tabulated once (upper envelope, O(log n) per query); in higher
    dimension it is a dense (query x n) maximum taken in chunks.
    """

    def __init__(self, points: np.ndarray, potential: np.ndarray, eta: float) -> None:
        self.points = np.asarray(points, dtype=float)
        self.potential = np.asarray(potential, dtype=float).reshape(-1)
        self.eta = v.positive("eta", eta)
        if self.points.ndim != 2 or self.points.shape[0] != self.potential.size:
            raise ValueError("points must be (n, d) and potential of length n")
        self._offset = self.potential - self.eta * np.einsum("ij,ij->i", self.points, self.points)
        self._envelope = None
        if self.points.shape[1] == 1:
            self._envelope = _upper_envelope(2.0 * self.eta * self.points[:, 0], self._offset)

    def _argmax(self, y: np.ndarray) -> np.ndarray:
        if self._envelope is not None:
            h, breaks = self._envelope
            return h[np.searchsorted(breaks, y[:, 0])]
        idx = np.empty(len(y), dtype=int)
        slopes = 2.0 * self.eta * self.points.T
        for s in range(0, len(y), _CHUNK):
            idx[s:s + _CHUNK] = np.argmax(self._offset[None, :] + y[s:s + _CHUNK] @ slopes, axis=1)
        return idx

    def value_and_grad(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """D^c at the rows of y (q, d) and its gradient 2 eta (x_{i*} - y) at the maximiser i* (q, d)."""
        y = np.asarray(y, dtype=float).reshape(-1, self.points.shape[1])
        idx = self._argmax(y)
        diff = self.points[idx] - y
        val = self.potential[idx] - self.eta * np.einsum("ij,ij->i", diff, diff)
        return val, 2.0 * self.eta * diff

    def __call__(self, y: np.ndarray) -> np.ndarray:
        return self.value_and_grad(y)[0]


PayoffFn = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
