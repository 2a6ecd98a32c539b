"""Game-Jacobian eigenvalues on the bilinear game V = theta^T B w: J = [[0, B], [-B^T, 0]], whose eigenvalues
are +-i sigma_j(B) (and 0 for the extra dimensions): purely rotational dynamics."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from torch import nn  # noqa: E402

from gantheory.neural.diagnostics.hvp import GameFunctions, ValuePair  # noqa: E402
from gantheory.neural.diagnostics.jacobian import arnoldi, jacobian_spectrum  # noqa: E402


class Vec(nn.Module):
    def __init__(self, x):
        super().__init__()
        self.x = nn.Parameter(torch.tensor(x, dtype=torch.float64))


def bilinear(m=5, n=4, seed=0, quad=0.0):
    rng = np.random.default_rng(seed)
    B = torch.tensor(rng.standard_normal((m, n)))
    G, D = Vec(rng.standard_normal(m)), Vec(rng.standard_normal(n))

    def fn(G_, D_, real, z):
        return G_.x @ B @ D_.x + quad * (G_.x @ G_.x - D_.x @ D_.x)

    return GameFunctions(ValuePair(G, D, fn)), B


def test_bilinear_eigenvalues_are_imaginary_singular_values():
    fns, B = bilinear()
    sv = np.linalg.svd(B.numpy(), compute_uv=False)
    expect = np.sort(np.concatenate([sv, -sv, [0.0]]))  # 5 + 4 = 9 eigenvalues: +-i sv and one 0
    out = jacobian_spectrum(fns, steps=9, top=4)
    dense = np.array(out["dense"]["eigenvalues"])
    assert np.abs(dense[:, 0]).max() < 1e-12  # purely imaginary
    assert np.allclose(np.sort(dense[:, 1]), expect, atol=1e-12)
    ar = np.array(out["arnoldi"]["ritz"])
    assert np.abs(ar[:, 0]).max() < 1e-8 and np.allclose(np.sort(ar[:, 1]), expect, atol=1e-8)
    assert abs(out["summary"]["max_abs_imag"] - sv.max()) < 1e-12
    assert np.allclose(np.abs(np.array(out["summary"]["top_imag"])[:, 1]), np.repeat(sv[:2], 2), atol=1e-12)


def test_sign_convention_local_nash_is_stable():
    # V = theta^T B w + q (|theta|^2 - |w|^2): strictly convex-concave, a local Nash equilibrium; gradient
    # descent-ascent d/dt = -F is stable, so every eigenvalue of J has real part 2q > 0
    fns, B = bilinear(quad=0.7)
    out = jacobian_spectrum(fns, steps=9)
    ev = np.array(out["dense"]["eigenvalues"])
    assert np.allclose(ev[:, 0], 1.4, atol=1e-12)


def test_arnoldi_on_known_nonsymmetric_matrix():
    rng = np.random.default_rng(1)
    n = 60
    # block-diagonal rotations with known eigenvalues a +- i b, conjugated by a random orthogonal matrix
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    M = np.zeros((n, n))
    eig = []
    for k in range(n // 2):
        a, b = rng.uniform(-1, 1), rng.uniform(0, 1)
        if k == 0:
            a, b = 0.3, 6.0  # an outlier with the largest imaginary part
        M[2 * k:2 * k + 2, 2 * k:2 * k + 2] = [[a, b], [-b, a]]
        eig += [complex(a, b), complex(a, -b)]
    A = torch.tensor(Q @ M @ Q.T)
    r = arnoldi(lambda v: A @ v, n, 30, seed=0)
    top = r.ritz[np.argmax(np.abs(r.ritz.imag))]
    assert abs(top.real - 0.3) < 1e-8 and abs(abs(top.imag) - 6.0) < 1e-8
    full = arnoldi(lambda v: A @ v, n, n, seed=0)
    got = np.sort_complex(full.ritz)
    assert np.abs(got - np.sort_complex(np.array(eig))).max() < 1e-8
    with pytest.raises(ValueError, match="steps"):
        arnoldi(lambda v: A @ v, n, 0)
