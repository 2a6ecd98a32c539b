"""One sympy-checked proof per result of Farnia & Ozdaglar (ICML 2020); run them with ``gantheory proofs``.

Each module defines ``PROOF`` (a :class:`gantheory.proof.Proof`); ``ALL`` lists the module names in
paper order. Installed, this package is ``gantheory.proofs``; in a source checkout ``import gantheory`` maps
this directory onto that name (see proofs/README.md).
"""

ALL = [
    "proposition_1", "theorem_1_fgan", "theorem_1_w2gan", "theorem_1_w2gan_quadratic", "theorem_1_wgan",
    "theorem_1_fgan_2d",
    "remark_1", "proposition_2", "proposition_3", "proposition_4", "corollary_1", "theorem_2", "theorem_3",
    "fgan_proximal", "theorem_3_beyond",
    "mixed_equilibrium", "mixed_equilibrium_attained",
]
