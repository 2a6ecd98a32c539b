"""gantheory.certify.fgan_cache: the cached certificate is the certificate, computed once per (f, sigma, t)."""

from gantheory.certify.fgan import certify_min_gap
from gantheory.certify.fgan_cache import certify_min_gap_by_key
from gantheory.games.divergences import F_TABLE


def test_cached_certificate_equals_a_fresh_one_and_is_reused():
    certify_min_gap_by_key.cache_clear()
    a = certify_min_gap_by_key("kl", 1.25, 0.5)
    assert certify_min_gap_by_key("kl", 1.25, 0.5) is a
    assert certify_min_gap_by_key.cache_info().hits == 1
    fresh = certify_min_gap(F_TABLE["kl"], 1.25, 0.5)
    assert (a.lower, a.boxes) == (fresh.lower, fresh.boxes)
