"""What a grid contains: training cells (recipe, fields, mode, seed) and probe cells that depend on them.

Two grids are built in: ``table1`` (Table 1 of the paper, Section 6.2: {WGAN-WC, SN-GAN} x two widths x
{regular, proximal} x seeds) and ``probes`` (the probes of Section 2 and Section 6.1, Figures 1-2 and 4-5:
{SN-GAN, WGAN-WC, WGAN-GP} x seeds, each trained run probed on V (eq. (5)) and on the proximal objective
(eq. (11))). Any other grid is a TOML file (see ``GRID_KEYS`` and the README)::

    preset = "quick"            # recipe preset (default: the size's)
    iterations = 10             # generator iterations (default: the size's, else the preset's)
    seeds = 2                   # how many seeds, from `seed` on, or a list of seeds
    modes = ["regular", "proximal"]
    scores = ["sliced-w"]       # default: sliced-w, and mnist-is on MNIST
    fields = { batch_size = 16, dim = 4 }   # recipe fields for every recipe

    [[recipes]]
    gan = "wgan-wc"
    fields = { dim = 4 }        # this recipe's fields
    paper_dim = "64"            # optional: the Table 1 row it stands for

    [[probes]]
    objective = "minimax"       # or "proximal"
    steps = 4

The cell id is a hash of the cell's full recipe, its data spec and the code version (the package version
and a hash of the sources that determine a run's result), so a changed recipe or trainer never reuses an
old run.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gantheory import __version__
from gantheory._validation import InputError
from gantheory.neural.data import load
from gantheory.neural.scores import SCORE_NAMES

SIZES = ("smoke", "quick", "medium", "paper")
MODES = ("regular", "proximal")
OBJECTIVES = ("minimax", "proximal")
TABLE1_RECIPES = ("wgan-wc", "sn-gan")
PROBE_RECIPES = ("sn-gan", "wgan-wc", "wgan-gp")  # Figure 1 is SN-GAN; the appendix repeats it for WC and GP

# the sources whose content decides a training run's result, and in addition a probe's
_TRAIN_SOURCES = ("train.py", "models.py", "losses.py", "sobolev.py", "recipes.py", "run.py", "data.py")
_PROBE_SOURCES = ("probes.py", "scores.py")


@dataclass(frozen=True)
class SizeDefaults:
    """Per-size defaults of the built-in grids (the ``quick`` and ``paper`` values are those of the
    committed figures, ``gantheory.plots.neural``)."""

    preset: str
    train_iterations: int | None  # probe grid's training runs (None: the preset's)
    table_iterations: int | None  # Table 1's runs
    table_dims: tuple[int, int] | None  # standing for the paper's DIM 64 and 128 (None: half the preset's, it)
    seeds: int
    samples: int  # generated images per score
    probe_steps: int
    probe_inner: int
    probe_log_every: int
    checkpoint_every: int
    fields: tuple = ()


SIZE_DEFAULTS = {
    "smoke": SizeDefaults("quick", 3, 3, (4, 8), 2, 200, 2, 2, 1, 1,
                          (("batch_size", 16), ("dim", 4), ("inner_steps", 2))),
    "quick": SizeDefaults("quick", 1200, 200, None, 3, 1000, 100, 50, 10, 25),
    "medium": SizeDefaults("medium", None, None, None, 3, 1000, 50, 50, 10, 100),
    "paper": SizeDefaults("paper", None, None, None, 3, 50_000, 10_000, 50, 100, 1000),
}


@dataclass(frozen=True)
class TrainCell:
    """One training run: ``recipe`` is the full Recipe dict (every field, seed and proximal included)."""

    id: str
    gan: str
    label: str
    mode: str
    seed: int
    recipe: dict
    preset: str
    data: str | None
    paper_dim: str | None = None
    kind: str = "train"


@dataclass(frozen=True)
class ProbeCell:
    """One probe of a trained run (Section 2: ``minimax``; Section 6.1: ``proximal``)."""

    id: str
    parent: str  # the TrainCell id
    objective: str
    steps: int
    lam: float
    inner_steps: int
    log_every: int
    kind: str = "probe"


@dataclass(frozen=True)
class GridSpec:
    name: str
    size: str
    data: str | None
    train: tuple[TrainCell, ...]
    probes: tuple[ProbeCell, ...] = ()
    scores: tuple[str, ...] | None = None  # None: the data's default scores
    samples: int = 1000
    checkpoint_every: int = 25
    table1: bool = False  # write table1.md / table1.csv (rows paired regular / proximal)
    extra: dict = field(default_factory=dict)

    @property
    def cells(self) -> list:
        """All cells, training cells first (a probe cell depends on its training cell)."""
        return [*self.train, *self.probes]


def code_version(kind: str = "train") -> str:
    """The package version and a hash of the neural sources that decide a cell's result."""
    root = Path(__file__).resolve().parent.parent / "neural"
    names = _TRAIN_SOURCES + (_PROBE_SOURCES if kind == "probe" else ())
    h = hashlib.sha256()
    for name in names:
        p = root / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
    return f"{__version__}+{h.hexdigest()[:12]}"


def _hash(doc: dict) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def train_cell_id(recipe: dict, data: str | None, version: str) -> str:
    """Hash of the full recipe, the data spec and the code version."""
    return _hash({"kind": "train", "recipe": recipe, "data": data or "mnist-embedded", "version": version})


def probe_cell_id(parent: str, objective: str, steps: int, lam: float, inner_steps: int, log_every: int,
                  version: str) -> str:
    """Hash of the parent training cell, the probe's parameters and the code version."""
    return _hash({"kind": "probe", "parent": parent, "objective": objective, "steps": steps, "lam": lam,
                  "inner_steps": inner_steps, "log_every": log_every, "version": version})


def check_size(size: str) -> None:
    """``size`` must be one of SIZES, and ``medium`` needs the recipes' ``medium`` preset."""
    from gantheory.neural.recipes import preset

    if size not in SIZES:
        raise InputError(f"--size must be one of {', '.join(SIZES)}, got {size!r}")
    if size == "medium":
        try:
            preset("medium", "mnist")
        except ValueError:
            raise InputError("--size medium needs the 'medium' recipe preset, which this version of "
                             "gantheory.neural.recipes does not define") from None


def _variant(data: str | None) -> str:

    return load(data).variant


def _build(name: str, size: str, data: str | None, rows: list[dict], modes: list[str], seeds: list[int],
           preset_name: str, iterations: int | None, common: dict, probes: list[dict], *, scores, samples: int,
           checkpoint_every: int, table1: bool, source: str) -> GridSpec:
    from gantheory.neural.recipes import make_recipe

    variant = _variant(data)
    v_train = code_version("train")
    v_probe = code_version("probe")
    train: list[TrainCell] = []
    for row in rows:
        for mode in modes:
            for s in seeds:
                over = {**common, **row.get("fields", {}), "seed": s, "proximal": mode == "proximal"}
                if iterations is not None:
                    over["iterations"] = iterations
                try:
                    recipe = make_recipe(row["gan"], variant, preset_name, **over).to_dict()
                except (ValueError, TypeError) as e:
                    raise InputError(f"{source}: recipe {row['gan']}: {str(e).splitlines()[0]}") from None
                label = row.get("label") or (row["gan"] + "".join(f" {k}={v}" for k, v in row["fields"].items()))
                train.append(TrainCell(train_cell_id(recipe, data, v_train), row["gan"], label, mode, s, recipe,
                                       preset_name, data, row.get("paper_dim")))
    ids = [c.id for c in train]
    if len(set(ids)) != len(ids):
        raise InputError(f"{source}: two cells of the grid have the same recipe (repeated recipe rows?)")
    probe_cells: list[ProbeCell] = []
    for pr in probes:
        for tc in train:
            pid = probe_cell_id(tc.id, pr["objective"], pr["steps"], pr["lam"], pr["inner_steps"], pr["log_every"],
                                v_probe)
            probe_cells.append(ProbeCell(pid, tc.id, pr["objective"], pr["steps"], pr["lam"], pr["inner_steps"],
                                         pr["log_every"]))
    return GridSpec(name, size, data, tuple(train), tuple(probe_cells), scores, samples, checkpoint_every, table1)


def table1_grid(size: str, seeds: int | None = None, data: str | None = None, seed: int = 0) -> GridSpec:
    """Table 1 (Section 6.2): {WGAN-WC, SN-GAN} x {DIM standing for 64, 128} x {regular, proximal} x seeds."""
    from gantheory.neural.recipes import preset

    check_size(size)
    sd = SIZE_DEFAULTS[size]
    dims = sd.table_dims
    if dims is None:
        d = int(preset(sd.preset, _variant(data))["dim"])
        dims = (max(1, d // 2), d)
    rows = [{"gan": gan, "fields": {"dim": dim}, "paper_dim": pd_, "label": f"{gan} DIM {dim}"}
            for gan in TABLE1_RECIPES for pd_, dim in zip(("64", "128"), dims, strict=True)]
    n = sd.seeds if seeds is None else seeds
    return _build("table1", size, data, rows, list(MODES), list(range(seed, seed + n)), sd.preset,
                  sd.table_iterations, dict(sd.fields), [], scores=None, samples=sd.samples,
                  checkpoint_every=sd.checkpoint_every, table1=True, source="table1")


def probes_grid(size: str, seeds: int | None = None, data: str | None = None, seed: int = 0) -> GridSpec:
    """The probes of Sections 2 and 6.1 (Figures 1-2 and 4-5) on regularly trained runs of three recipes."""
    check_size(size)
    sd = SIZE_DEFAULTS[size]
    rows = [{"gan": gan, "label": gan, "fields": {}} for gan in PROBE_RECIPES]
    probes = [{"objective": obj, "steps": sd.probe_steps, "lam": 0.1, "inner_steps": sd.probe_inner,
               "log_every": sd.probe_log_every} for obj in OBJECTIVES]
    n = sd.seeds if seeds is None else seeds
    return _build("probes", size, data, rows, ["regular"], list(range(seed, seed + n)), sd.preset,
                  sd.train_iterations, dict(sd.fields), probes, scores=None, samples=sd.samples,
                  checkpoint_every=sd.checkpoint_every, table1=False, source="probes")


# -- TOML grid files ---------------------------------------------------------------------------------------------
GRID_KEYS = {"name": str, "preset": str, "iterations": int, "seed": int, "seeds": (int, list), "modes": list,
             "scores": list, "samples": int, "checkpoint_every": int, "fields": dict, "recipes": list,
             "probes": list}
RECIPE_KEYS = {"gan": str, "fields": dict, "paper_dim": str, "label": str}
PROBE_KEYS = {"objective": str, "steps": int, "lam": (int, float), "inner_steps": int, "log_every": int}


def _check_keys(doc: dict, allowed: dict, where: str) -> None:
    for k, v in doc.items():
        if k not in allowed:
            raise InputError(f"{where}: unknown key {k!r} (known: {', '.join(allowed)})")
        types = allowed[k] if isinstance(allowed[k], tuple) else (allowed[k],)
        if isinstance(v, bool) and bool not in types or not isinstance(v, types):
            names = " or ".join(t.__name__ for t in types)
            raise InputError(f"{where}: {k} must be {names}, got {v!r}")


def _check_fields(d: dict, where: str) -> dict:
    from gantheory.neural.recipes import Recipe

    names = {f.name for f in fields(Recipe)} - {"gan", "variant", "seed", "proximal"}
    for k in d:
        if k not in names:
            raise InputError(f"{where}: unknown recipe field {k!r} (settable: {', '.join(sorted(names))}; seed and "
                             f"proximal come from seeds and modes)")
    out = dict(d)
    if "betas" in out:
        out["betas"] = tuple(out["betas"])
    return out


def _positive(v: int | None, name: str, where: str) -> None:
    if v is not None and v < 1:
        raise InputError(f"{where}: {name} must be >= 1, got {v}")


def load_grid_file(path: str | Path, size: str, seeds: int | None = None, data: str | None = None) -> GridSpec:
    """Read a TOML grid file (keys in ``GRID_KEYS``); ``seeds`` (``--seeds``) overrides the file's count."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    p = Path(path)
    if not p.is_file():
        raise InputError(f"grid {str(path)!r} is neither table1, probes nor a TOML grid file")
    try:
        doc = tomllib.loads(p.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"grid file {p}: not valid TOML ({str(e).splitlines()[0]})") from None
    where = f"grid file {p}"
    _check_keys(doc, GRID_KEYS, where)
    check_size(size)
    sd = SIZE_DEFAULTS[size]
    recipes = doc.get("recipes")
    if not recipes:
        raise InputError(f"{where}: needs at least one [[recipes]] table with a gan")
    rows = []
    for i, r in enumerate(recipes):
        w = f"{where}: recipes[{i}]"
        if not isinstance(r, dict):
            raise InputError(f"{w}: must be a table")
        _check_keys(r, RECIPE_KEYS, w)
        if "gan" not in r:
            raise InputError(f"{w}: needs gan")
        rows.append({**r, "fields": _check_fields(r.get("fields", {}), w)})
    modes = doc.get("modes", ["regular"])
    for m in modes:
        if m not in MODES:
            raise InputError(f"{where}: modes must be among {', '.join(MODES)}, got {m!r}")
    if len(set(modes)) != len(modes) or not modes:
        raise InputError(f"{where}: modes must be distinct and non-empty")
    first = doc.get("seed", 0)
    if seeds is not None:
        seed_list = list(range(first, first + seeds))
    elif isinstance(doc.get("seeds"), list):
        seed_list = doc["seeds"]
        if not seed_list or not all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2**32
                                    for s in seed_list) or len(set(seed_list)) != len(seed_list):
            raise InputError(f"{where}: seeds must be distinct integers in [0, 2^32 - 1] (torch and numpy seeds)")
    else:
        n = doc.get("seeds", sd.seeds)
        _positive(n, "seeds", where)
        seed_list = list(range(first, first + n))
    for k in ("iterations", "samples", "checkpoint_every"):
        _positive(doc.get(k), k, where)
    probes = []
    for i, pr in enumerate(doc.get("probes", [])):
        w = f"{where}: probes[{i}]"
        if not isinstance(pr, dict):
            raise InputError(f"{w}: must be a table")
        _check_keys(pr, PROBE_KEYS, w)
        obj = pr.get("objective")
        if obj not in OBJECTIVES:
            raise InputError(f"{w}: objective must be minimax or proximal, got {obj!r}")
        q = {"objective": obj, "steps": pr.get("steps", sd.probe_steps), "lam": float(pr.get("lam", 0.1)),
             "inner_steps": pr.get("inner_steps", sd.probe_inner), "log_every": pr.get("log_every", sd.probe_log_every)}
        for k in ("steps", "inner_steps", "log_every"):
            _positive(q[k], k, w)
        if not (q["lam"] > 0 and math.isfinite(q["lam"])):
            raise InputError(f"{w}: lam must be a positive number, got {q['lam']!r}")
        probes.append(q)
    scores = doc.get("scores")
    if scores is not None:

        allowed = [n for n in SCORE_NAMES if n != "inception"]  # inception needs weights: not in grids
        for s in scores:
            if s not in allowed:
                raise InputError(f"{where}: scores must be among {', '.join(allowed)}, got {s!r}")
        scores = tuple(scores)
    preset_name = doc.get("preset", sd.preset)
    from gantheory.neural.recipes import preset as preset_fields

    try:
        preset_fields(preset_name, "mnist")
    except ValueError as e:
        raise InputError(f"{where}: {e}") from None
    common = _check_fields(doc.get("fields", {}), where)
    if "preset" not in doc:  # the size's fields only go with the size's preset
        common = {**dict(sd.fields), **common}
    spec = _build(doc.get("name", p.stem), size, data, rows, modes, seed_list, preset_name,
                  doc.get("iterations", sd.table_iterations), common, probes, scores=scores,
                  samples=doc.get("samples", sd.samples), checkpoint_every=doc.get("checkpoint_every",
                                                                                   sd.checkpoint_every),
                  table1=set(modes) == set(MODES), source=where)
    return spec


def resolve(name: str, size: str = "smoke", seeds: int | None = None, data: str | None = None) -> GridSpec:
    """``table1``, ``probes`` or a TOML grid file -> GridSpec (validated: bad input raises InputError)."""
    if seeds is not None and seeds < 1:
        raise InputError(f"--seeds must be >= 1, got {seeds}")
    if name == "table1":
        return table1_grid(size, seeds, data)
    if name == "probes":
        return probes_grid(size, seeds, data)
    return load_grid_file(name, size, seeds, data)


def cell_dict(cell: Any) -> dict:
    """A cell as a plain dict (what travels to a worker)."""
    return {f.name: getattr(cell, f.name) for f in fields(cell)}


__all__ = ["GridSpec", "TrainCell", "ProbeCell", "resolve", "table1_grid", "probes_grid", "load_grid_file",
           "code_version", "train_cell_id", "probe_cell_id", "check_size", "cell_dict"]
