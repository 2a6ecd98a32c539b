"""Package layout beyond what pyproject.toml can say: the proofs in ``proofs/`` install as ``gantheory.proofs``
(a package-dir mapping), next to every ``gantheory*`` package found in the tree."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["gantheory", "gantheory.*"], exclude=["*__pycache__*"]),
              "gantheory.proofs"],
    package_dir={"gantheory.proofs": "proofs"},
)
