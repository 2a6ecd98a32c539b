"""Sample-based optimal transport (POT): W1 and W2^2 between empirical measures, Kantorovich potentials.

The games' discriminator problems are optimal-transport duals:

* WGAN, eq. (8): max over 1-Lipschitz D of E_P[D] - E_Q[D] = W1(P, Q), the Kantorovich-Rubinstein
  dual of min over couplings pi of E_pi ||X - Y||.
* W2GAN, eq. (9) with cost c(x, y) = eta ||x - y||^2: max over c-concave D of E_P[D] - E_Q[D^c]
  = eta W2^2(P, Q), where D^c(y) = sup_x D(x) - c(x, y) (so -D^c is the standard c-transform).

For empirical measures P_n = (1/n) sum_i delta_{x_i}, Q_m = (1/m) sum_j delta_{y_j} (uniform weights a, b)
both are the linear program

    min_{pi >= 0, pi 1 = a, pi^T 1 = b} <pi, M>,   M_ij = c(x_i, y_j),

whose dual is max { a^T f + b^T g : f_i + g_j <= M_ij }; POT's network simplex (``ot.emd``) returns the
optimal f and g (the Kantorovich potentials) next to the plan. Every solver call is checked: a
network-simplex exit other than "optimal" raises ``RuntimeError`` (never a silent pass).

``ot`` is imported inside the functions so that ``import gantheory`` stays fast.
"""

from __future__ import annotations

import numpy as np

from gantheory import _validation as v

#: metrics accepted by name (passed to ``ot.dist``; note that its default, "sqeuclidean", is squared)
METRICS = ("euclidean", "sqeuclidean", "cityblock")


def as_samples(name: str, x: object) -> np.ndarray:
    """Return samples as a finite float (n, d) array with n >= 1; a 1-D array is n samples in R."""
    a = v.finite_array(name, x)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise ValueError(f"{name} must be an (n, d) array of samples (or (n,) in one dimension), got shape {a.shape}")
    if a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"{name} must hold at least one sample of dimension >= 1, got shape {a.shape}")
    return a


def _pair(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = as_samples("x", x), as_samples("y", y)
    if xs.shape[1] != ys.shape[1]:
        raise ValueError(f"x and y must have the same dimension, got {xs.shape[1]} and {ys.shape[1]}")
    return xs, ys


def _uniform(n: int) -> np.ndarray:
    return np.full(n, 1.0 / n)


def _default_max_iter(n: int, m: int) -> int:
    return max(100_000, 10 * n * m)


def _check_log(log: dict) -> None:
    """Raise RuntimeError unless the network simplex ended at an optimum (result_code 1, no warning)."""
    code = log.get("result_code")
    warning = log.get("warning")
    if code != 1 or warning is not None:
        raise RuntimeError(f"optimal transport solver did not reach an optimum (result_code={code}): {warning}")


def cost_matrix(x: np.ndarray, y: np.ndarray, cost: str | np.ndarray = "sqeuclidean", scale: float = 1.0) -> np.ndarray:
    """M_ij = scale * c(x_i, y_j): ``cost`` a metric name of :data:`METRICS` or a given (n, m) matrix."""
    import ot

    scale = v.positive("scale", scale)
    if isinstance(cost, str):
        if cost not in METRICS:
            raise ValueError(f"cost must be one of {METRICS} or an (n, m) matrix, got {cost!r}")
        M = ot.dist(x, y, metric=cost)
    else:
        M = v.finite_array("cost", cost, shape=(len(x), len(y)))
    return scale * np.asarray(M, dtype=float)


def w1_samples(x: object, y: object) -> float:
    """W1(P_n, Q_m) = min_pi E_pi ||X - Y||_2 between the empirical measures of x (n, d) and y (m, d).

    This is max_D V(G, D) of the WGAN game, eq. (8), on the samples (Kantorovich-Rubinstein duality).
    In one dimension it is int |F_n - G_m| (``ot.wasserstein_1d``, p = 1, by sorting); otherwise the
    network simplex on the Euclidean cost matrix (``ot.emd2``, metric "euclidean").
    """
    import ot

    xs, ys = _pair(x, y)
    if xs.shape[1] == 1:
        return float(ot.wasserstein_1d(xs[:, 0], ys[:, 0], p=1))
    M = ot.dist(xs, ys, metric="euclidean")
    cost, log = ot.emd2(_uniform(len(xs)), _uniform(len(ys)), M, log=True,
                        numItermax=_default_max_iter(len(xs), len(ys)))
    _check_log(log)
    return float(cost)


def w2_squared_samples(x: object, y: object) -> float:
    """W2^2(P_n, Q_m) = min_pi E_pi ||X - Y||_2^2 between the empirical measures of x and y.

    eta times this is max over c-concave D of V(G, D) in the W2GAN game, eq. (9), with cost
    c(x, y) = eta ||x - y||^2, on the samples. Network simplex (``ot.emd2``) on the squared Euclidean
    cost matrix (``ot.dist``'s default metric).
    """
    import ot

    xs, ys = _pair(x, y)
    M = ot.dist(xs, ys, metric="sqeuclidean")
    cost, log = ot.emd2(_uniform(len(xs)), _uniform(len(ys)), M, log=True,
                        numItermax=_default_max_iter(len(xs), len(ys)))
    _check_log(log)
    return float(cost)


def kantorovich_potentials(x: object, y: object, cost: str | np.ndarray = "sqeuclidean", *, scale: float = 1.0,
                           max_iter: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Optimal dual potentials (f, g) of the transport problem between the empirical measures of x and y.

    Solves min <pi, M> over couplings of uniform a = 1/n, b = 1/m with M_ij = scale * c(x_i, y_j)
    (``cost`` a metric name of :data:`METRICS`, or an (n, m) matrix) by ``ot.emd(a, b, M, log=True)``
    and returns its duals: f_i + g_j <= M_ij for all i, j and a^T f + b^T g = min <pi, M> (strong
    duality). They are unique only up to f + k, g - k (POT centres them) and, off the support of the
    optimal plan, up to the slack of the constraints.

    In the games: for c = ||x - y|| (eq. (8)) the data-side potential f is, on the samples, the optimal
    1-Lipschitz discriminator; for c = eta ||x - y||^2 (eq. (9)) f is the optimal c-concave D and
    -g its c-transform D^c on the generator's samples.

    Raises RuntimeError when the solver stops short of an optimum (iteration limit, infeasible or
    unbounded problem); ValueError on bad input.
    """
    import ot

    xs, ys = _pair(x, y)
    M = cost_matrix(xs, ys, cost, scale)
    if max_iter is None:
        max_iter = _default_max_iter(len(xs), len(ys))
    max_iter = v.positive_int("max_iter", max_iter)
    _, log = ot.emd(_uniform(len(xs)), _uniform(len(ys)), M, log=True, numItermax=max_iter)
    _check_log(log)
    f = np.asarray(log["u"], dtype=float)
    g = np.asarray(log["v"], dtype=float)
    return f, g
