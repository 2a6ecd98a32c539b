"""Every public top-level function and class in the paper-facing packages carries a numpydoc docstring.

The packages ``gantheory.exact``, ``gantheory.equilibria``, ``gantheory.certify`` and
``gantheory.proximal`` implement the equations and results of Farnia & Ozdaglar (ICML 2020); their
public API must document each parameter and return value (numpydoc ``Parameters``/``Returns``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGES = ("exact", "equilibria", "certify", "proximal")
ROOT = Path(__file__).resolve().parent.parent / "gantheory"


def _takes_arguments(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Return whether ``node`` has an argument other than ``self``/``cls``."""
    a = node.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    names = [n for n in names if n not in ("self", "cls")]
    return bool(names or a.vararg or a.kwarg)


def missing_docstrings(packages: tuple[str, ...] = PACKAGES, root: Path = ROOT) -> list[str]:
    """List ``module:name`` for every public top-level definition lacking a proper docstring.

    Parameters
    ----------
    packages : tuple of str
        Sub-package names under ``root`` to walk.
    root : pathlib.Path
        Directory holding the sub-packages (``gantheory/`` by default).

    Returns
    -------
    list of str
        ``module:name (reason)`` entries; empty when every definition is documented.
    """
    problems: list[str] = []
    for pkg in packages:
        for path in sorted((root / pkg).glob("*.py")):
            module = f"gantheory.{pkg}.{path.stem}"
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    continue
                if node.name.startswith("_"):
                    continue
                doc = ast.get_docstring(node)
                if not doc:
                    problems.append(f"{module}:{node.name} (no docstring)")
                    continue
                if isinstance(node, ast.ClassDef) or not _takes_arguments(node):
                    continue
                lacking = [s for s in ("Parameters", "Returns") if s not in doc]
                if lacking:
                    problems.append(f"{module}:{node.name} (no {'/'.join(lacking)})")
    return problems


def test_public_definitions_have_numpydoc_docstrings() -> None:
    problems = missing_docstrings()
    assert not problems, "undocumented public definitions:\n" + "\n".join(problems)


def test_checker_flags_missing_sections(tmp_path: Path) -> None:
    """The checker is able to fail: bare or section-less public definitions are reported, private ones not."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(
        "def bare(x):\n    return x\n\n\n"
        'def summary_only(x):\n    """Only a summary."""\n    return x\n\n\n'
        'def no_args():\n    """No arguments: a summary suffices."""\n\n\n'
        "class Bare:\n    x: int\n\n\n"
        "def _private(x):\n    return x\n",
        encoding="utf-8",
    )
    assert missing_docstrings(("pkg",), tmp_path) == [
        "gantheory.pkg.mod:bare (no docstring)",
        "gantheory.pkg.mod:summary_only (no Parameters/Returns)",
        "gantheory.pkg.mod:Bare (no docstring)",
    ]
