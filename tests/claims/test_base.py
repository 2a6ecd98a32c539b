"""Parameter domains (ParamRange, Claim.domain): declared for every parameter, enforced before any work."""

import math

import pytest

from gantheory.claims import registry
from gantheory.claims.base import ParamRange, integer, real


def test_param_range_ends_and_integers():
    r = real(1, 1e3, lo_open=True)
    assert not r.contains(1.0) and r.contains(math.nextafter(1.0, 2.0)) and r.contains(1e3)
    assert not r.contains(math.nextafter(1e3, 2e3)) and not r.contains(math.inf) and not r.contains(math.nan)
    assert str(r) == "(1, 1000]"
    closed = real(0, 1, hi_open=True)
    assert closed.contains(0.0) and not closed.contains(1.0) and str(closed) == "[0, 1)"
    n = integer(1, 8)
    assert n.contains(8) and not n.contains(9) and not n.contains(2.5) and str(n) == "{1, ..., 8}"
    with pytest.raises(ValueError):
        ParamRange(2.0, 1.0)


@pytest.mark.parametrize("cid", registry.ORDER)
def test_every_parameter_has_a_domain_holding_its_default(cid):
    c = registry.REGISTRY[cid]
    assert set(c.domain) == set(c.defaults), cid
    for k, v in c.defaults.items():
        assert c.domain[k].contains(v), (cid, k, v)
    assert c.resolve({}) == {k: (int(v) if c.domain[k].integer else float(v)) for k, v in c.defaults.items()}


@pytest.mark.parametrize("cid", registry.ORDER)
def test_out_of_domain_values_are_refused_naming_parameter_and_range(cid):
    c = registry.REGISTRY[cid]
    for k, rng in c.domain.items():
        below = rng.lo if rng.lo_open else (rng.lo - 1 if rng.integer else rng.lo - abs(rng.lo) * 0.5 - 1e-300)
        above = rng.hi if rng.hi_open else (rng.hi + 1 if rng.integer else rng.hi * 2 + 1)
        for bad in (below, above):
            with pytest.raises(ValueError) as e:
                c.resolve({k: bad})
            msg = str(e.value)
            assert "\n" not in msg and f"{k} in {rng}" in msg and cid in msg, msg


@pytest.mark.parametrize("value", ["1_5", "\uff12", "1.5\u0660", "0x10", "1,5"])
def test_only_plain_decimal_numbers_are_parameters(value):
    """float() accepts '1_5' (= 15) and full-width digits; a parameter is a plain decimal number or nothing."""
    from gantheory.claims import registry

    with pytest.raises(ValueError, match="must be a number"):
        registry.REGISTRY["theorem-1-wgan"].resolve({"sigma": value})
    assert registry.REGISTRY["theorem-1-wgan"].resolve({"sigma": " 1.5e0 "})["sigma"] == 1.5
