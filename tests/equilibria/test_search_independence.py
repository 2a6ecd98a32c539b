"""The closed-form-free search path must not import the closed forms (gantheory.exact) nor the certificates
that use them (gantheory.certify.fgan / wgan)."""

import ast
import pathlib
import subprocess
import sys

import gantheory.equilibria.search as search

CODE = """
import sys
from gantheory.equilibria.search import search_min_gap_fgan, search_min_gap_wgan, search_min_gap_w2gan
from gantheory.games.divergences import F_TABLE
from gantheory.games.gaussian import GaussianData, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.fgan import FGANGame
from gantheory.games.wgan import WGANGame
search_min_gap_fgan(FGANGame(F_TABLE['kl'], GaussianData(1.25, 1), LinearGeneratorSet(1, 1, 0.5)))
search_min_gap_wgan(WGANGame(GaussianData(1.25, 1), LinearGeneratorSet(1, 1, 0.5)))
g = W2GANGame(GaussianData(1.25, 1), LinearGeneratorSet(1, 1, 0.5), 0.5)
r = search_min_gap_w2gan(g, samples=1)
closed = ('gantheory.certify.fgan', 'gantheory.certify.wgan')
bad = sorted(m for m in sys.modules if m.startswith('gantheory.exact') or m in closed)
print('IMPORTED', bad)
"""


def test_search_runs_without_importing_closed_forms():
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "IMPORTED []" in r.stdout, r.stdout


def test_search_module_has_no_exact_import_statement():
    tree = ast.parse(pathlib.Path(search.__file__).read_text())
    mods = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    mods += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in mods if m and ("exact" in m or m.startswith("gantheory.certify"))]
