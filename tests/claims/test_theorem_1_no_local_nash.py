"""theorem-1-no-local-nash: holds at its defaults with every part certified, and the merge turns any uncertified
row into 'inconclusive' (never 'fails': a certified local minimiser is not searched for)."""

from gantheory.claims import theorem_1_no_local_nash as local_nash
from gantheory.claims.base import Evidence


def test_holds_at_defaults():
    p = local_nash.CLAIMS[0].resolve({})
    ev = local_nash.check(p)
    assert ev.verdict == "holds"
    assert set(ev.metrics["fgan"]) == {"kl", "reverse_kl", "pearson", "neyman", "squared_hellinger", "js", "gan"}
    assert ev.metrics["min_margin_lower"] > 0


def test_an_uncertified_row_makes_it_inconclusive():
    p = local_nash.CLAIMS[0].resolve({})
    parts = [local_nash.check_part(p, q) for q in local_nash.parts(p, 1)]
    bad = dict(parts[1].metrics["wgan"]["wgan"], certified=False, margin_lower=-1.0)
    parts[1] = Evidence(parts[1].verdict, {"wgan": {"wgan": bad}})
    ev = local_nash.merge(p, parts)
    assert ev.verdict == "inconclusive" and "wgan/wgan" in ev.notes[-1]


def test_pearson_fully_excluded_at_sigma_2_has_no_nan():
    """sigma = 2, eta = 1 (a fuzz finding): the Pearson chi^2 row's infinite-divergence threshold
    s^2 = sigma^2/2 = 2 covers the whole feasible set s <= 1, so no box is left; the row must say so
    (argmin absent with a reason, margins +inf), never report a NaN argmin, and the verdict still holds."""
    import math

    from scipy import integrate

    from gantheory.claims.base import clean

    p = local_nash.CLAIMS[0].resolve({"sigma": 2.0, "eta": 1.0})
    ev = local_nash.check(p)
    assert ev.verdict == "holds"
    row = ev.metrics["fgan"]["pearson"]
    assert row["boxes"] == 0 and row["argmin_margin"] is None and row["argmin_margin_absent"]
    assert row["margin_lower"] == math.inf and row["certified"]
    assert "nan" not in repr(clean(ev.metrics))
    # the exclusion itself, by quadrature: at the largest feasible s = 1 (u = 0) int p^2/q (chi^2 + 1) over
    # [-R, R] keeps growing with R (integrand e^{x^2/4}/(4 sqrt(2 pi)) for p = N(0, 4), q = N(0, 1))
    def part(R):
        val, _ = integrate.quad(lambda x: math.exp(-x * x / 4) / (8 * math.pi) / (
            math.exp(-x * x / 2) / math.sqrt(2 * math.pi)), -R, R, limit=200)
        return val
    assert part(20.0) > 1e3 * part(5.0)
    # every other row still has boxes and a finite argmin
    for k, r in ev.metrics["fgan"].items():
        if k != "pearson":
            assert r["boxes"] > 0 and all(math.isfinite(v) for v in r["argmin_margin"].values())
