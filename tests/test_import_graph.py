"""The import graph of gantheory (and of proofs/, installed as gantheory.proofs), read with ``ast``: no cycle, no
import up the layer table of docs/architecture.md, and no import of a gantheory module inside a function unless
that module pulls in a heavy optional library (torch, cvxpy, POT, matplotlib, ray) when imported."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: a top-level import of one of these makes a module heavy: it may (and should) be imported lazily
HEAVY = ("torch", "cvxpy", "ot", "matplotlib", "ray")
#: the layers, lowest first: a module may import its own layer and the layers below it, never one above
LAYERS: tuple[tuple[str, ...], ...] = (
    ("gantheory", "gantheory._validation", "gantheory._numerics", "gantheory.files", "gantheory.proof"),
    ("gantheory.games",),
    ("gantheory.exact", "gantheory.certify", "gantheory.solvers"),
    ("gantheory.equilibria", "gantheory.proximal", "gantheory.dynamics", "gantheory.mixed"),
    ("gantheory.claims", "gantheory.plots", "gantheory.grid", "gantheory.neural", "gantheory.testing",
     "gantheory.proofs"),
    ("gantheory.cli",),
)
#: proofs/ may import the library layers (0-3), not the claims nor anything beside them
PROOFS_MAX_LAYER = 3


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module
    target: str  # the imported gantheory module
    line: int
    in_function: bool


def module_files() -> dict[str, Path]:
    """Every module of gantheory/ and proofs/ (as gantheory.proofs), by dotted name."""
    out = {}
    for base, prefix in ((ROOT / "gantheory", "gantheory"), (ROOT / "proofs", "gantheory.proofs")):
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([prefix, *parts])] = path
    return out


def _is_package(name: str, files: dict[str, Path]) -> bool:
    return files[name].name == "__init__.py"


def _absolute(node: ast.ImportFrom, module: str, files: dict[str, Path]) -> str:
    if not node.level:
        return node.module or ""
    pkg = module if _is_package(module, files) else module.rsplit(".", 1)[0]
    for _ in range(node.level - 1):
        pkg = pkg.rsplit(".", 1)[0]
    return f"{pkg}.{node.module}" if node.module else pkg


def _canonical(name: str) -> str:
    """``proofs.x`` (a source checkout's top-level name) is the module gantheory.proofs.x."""
    return "gantheory." + name if name == "proofs" or name.startswith("proofs.") else name


def _imports(tree: ast.Module, module: str, files: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported name, line, inside a function) for every import statement, TYPE_CHECKING blocks excluded."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, ast.Import):
            found.extend((_canonical(a.name), node.lineno, in_function) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _canonical(_absolute(node, module, files))
            for a in node.names:
                sub = f"{base}.{a.name}"
                found.append((sub if sub in files else base, node.lineno, in_function))
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return found


def import_graph() -> tuple[dict[str, Path], list[Edge], dict[str, set[str]]]:
    """The modules, the edges between gantheory modules, and each module's top-level external packages."""
    files = module_files()
    edges: list[Edge] = []
    external: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        for name, line, in_function in _imports(ast.parse(path.read_text(), str(path)), module, files):
            if name.split(".")[0] == "gantheory":
                target = name
                while target not in files and "." in target:  # an attribute imported from a module
                    target = target.rsplit(".", 1)[0]
                if target in files and target != module:
                    edges.append(Edge(module, target, line, in_function))
            elif not in_function:
                external[module].add(name.split(".")[0])
    return files, edges, external


def _parents(name: str) -> list[str]:
    """The packages imported before ``name``: gantheory, gantheory.x, ... (not ``name`` itself)."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def heavy_modules() -> dict[str, str]:
    """Modules that import a heavy optional library when imported (directly, through a gantheory module
    imported at top level, or through one of their parent packages), with the library."""
    files, edges, external = import_graph()
    deps: dict[str, set[str]] = {m: {p for p in _parents(m) if p in files} for m in files}
    for e in edges:
        if not e.in_function:
            deps[e.source].add(e.target)
            deps[e.source].update(p for p in _parents(e.target) if p in files)
    heavy: dict[str, str] = {}
    for m in files:
        seen, stack = {m}, [m]
        while stack:
            cur = stack.pop()
            hit = sorted(external[cur] & set(HEAVY))
            if hit:
                heavy[m] = hit[0]
                break
            for nxt in deps[cur] - seen:
                seen.add(nxt)
                stack.append(nxt)
    return heavy


def layer(module: str) -> int | None:
    """The layer of ``module``: that of the longest listed prefix."""
    best, best_len = None, -1
    for i, names in enumerate(LAYERS):
        for prefix in names:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    return best


def _where(files: dict[str, Path], e: Edge) -> str:
    return f"{files[e.source].relative_to(ROOT)}:{e.line}: {e.source} -> {e.target}"


def upward_imports() -> list[str]:
    files, edges, _ = import_graph()
    out = []
    for e in edges:
        src, dst = layer(e.source), layer(e.target)
        if src is None or dst is None:
            out.append(_where(files, e) + " (a module outside the layer table)")
        elif e.source.startswith("gantheory.proofs") and not e.target.startswith("gantheory.proofs") \
                and dst > PROOFS_MAX_LAYER:
            out.append(_where(files, e) + f" (proofs import layer {dst})")
        elif dst > src:
            out.append(_where(files, e) + f" (layer {src} imports layer {dst})")
    return out


def import_cycles() -> list[list[str]]:
    """The strongly connected components with more than one module (or a self-loop) of the top-level
    import graph and of the full graph (an in-function import closes a cycle too, at run time)."""
    files, edges, _ = import_graph()
    graph: dict[str, set[str]] = {m: set() for m in files}
    for e in edges:
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's algorithm, iterative over the successors
        work = [(v, iter(sorted(graph[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    advanced = True
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return out


def needless_lazy_imports() -> list[str]:
    files, edges, _ = import_graph()
    heavy = heavy_modules()
    return [_where(files, e) for e in edges if e.in_function and e.target not in heavy]


def test_layer_table_covers_every_module():
    files = module_files()
    assert [m for m in files if layer(m) is None] == []


def test_no_import_cycle():
    assert import_cycles() == []


def test_no_upward_import():
    assert upward_imports() == []


def test_in_function_imports_only_of_heavy_modules():
    assert needless_lazy_imports() == []


def test_the_checker_sees_what_it_must():
    """The analysis itself: a known heavy module is heavy, a known light one is not, and a synthetic upward
    edge is reported."""
    heavy = heavy_modules()
    assert heavy.get("gantheory.neural.models") == "torch" or "gantheory.neural.models" not in module_files()
    assert "gantheory._validation" not in heavy and "gantheory.games.gaussian" not in heavy
    assert layer("gantheory.games.w2gan") == 1 and layer("gantheory.cli") == 5
    assert layer("gantheory.claims.registry") == 4 and layer("gantheory.proofs.theorem_2") == 4
    tree = ast.parse("from gantheory.claims import base\ndef f():\n    import gantheory.games.w2gan\n")
    files = module_files()
    got = _imports(tree, "gantheory.games.gaussian", files)
    assert ("gantheory.claims.base", 1, False) in got and ("gantheory.games.w2gan", 3, True) in got


def test_nothing_imports_proofs_as_a_top_level_package():
    """proofs/ installs as gantheory.proofs (setup.py's package-dir mapping): no module may import ``proofs``."""
    files = module_files()
    bad = []
    for path in files.values():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            bad += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names
                    if n == "proofs" or n.startswith("proofs.")]
    assert bad == []


def test_import_gantheory_is_light_and_exposes_its_entry_points():
    """``import gantheory`` loads no subpackage (but maps proofs/ onto gantheory.proofs in a source checkout);
    every name of ``__all__`` resolves on first use."""
    import subprocess
    import sys

    code = ("import sys, gantheory\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('gantheory.') and m != 'gantheory.proofs')\n"
            "print('LOADED', loaded)\n"
            "missing = [n for n in gantheory.__all__ if getattr(gantheory, n, None) is None]\n"
            "print('MISSING', missing)\n"
            "import gantheory.proofs.theorem_1_wgan as m\n"
            "print('PROOF', m.PROOF.id)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "LOADED []" in r.stdout and "MISSING []" in r.stdout and "PROOF theorem-1-wgan" in r.stdout, r.stdout
