"""The shape of the code, checked: the core never pulls in the UI or the model, the UI
changes the store only through its one save path, and no UI module grows into a god object."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import reader
import reader.core

PACKAGE = Path(reader.__file__).parent


PARTS = {
    "highlights": "Highlights",
    "articles": "Articles",
    "corrections": "Corrections",
    "feeds": "Feeds",
    "reviews": "Reviews",
    "remote": "Remote",
}


def _store_changes() -> set[tuple[str, str]]:
    """(part, method) for the Store's public methods that write (`store.articles.mark`...):
    those of each part (in reader/core/store/) that reach `_put` or `_delete`."""
    classes = {
        node.name: node
        for path in sorted((PACKAGE / "core" / "store").glob("*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    assert {"Store", "Tables", *PARTS.values()} <= set(classes)
    changes = set()
    for part, name in PARTS.items():
        calls = {  # each method's calls of the part's own methods (`self._put(...)`, `self.save(...)`)
            f.name: {
                c.func.attr
                for c in ast.walk(f)
                if isinstance(c, ast.Call)
                and isinstance(c.func, ast.Attribute)
                and isinstance(c.func.value, ast.Name)
                and c.func.value.id == "self"
            }
            for f in classes[name].body
            if isinstance(f, ast.FunctionDef)
        }
        writers = {"_put", "_delete"}
        while grown := {method for method, called in calls.items() if called & writers} - writers:
            writers |= grown
        changes |= {(part, method) for method in writers if not method.startswith("_")}
    # place() saves only where re-anchoring put highlights, skips a read-only store and
    # shrugs off a full disk (placed again next time): it may run outside a save path
    return changes - {("highlights", "place")}


STORE_CHANGES = _store_changes()
SAVE_PATHS = {"saving", "changing"}  # the app's, and the article's Highlights.changing around it


def test_every_core_module_imports_neither_textual_nor_spacy():
    modules = [m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core.")]
    assert len(modules) >= 15 and "reader.core.entities.rules.names" in modules
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules + ['reader.services', 'reader.cli']!r}]; "
        "bad = [m for m in ('textual', 'spacy') if m in sys.modules]; print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _store_changes_outside_a_save_path(tree: ast.AST) -> list[int]:
    """Line numbers of calls to a store-changing method (`....articles.mark(...)`) that no
    `with ...saving(...)` or `with ...changing(...)` block encloses."""
    bad: list[int] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.With):
            guarded = guarded or any(
                isinstance(item.context_expr, ast.Call)
                and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr in SAVE_PATHS
                for item in node.items
            )
        changes = False
        if isinstance(node, ast.Call) and isinstance(
            node.func, ast.Attribute
        ):  # `store.feeds.add(...)`, `feeds.add(...)`
            part = node.func.value
            name = part.attr if isinstance(part, ast.Attribute) else part.id if isinstance(part, ast.Name) else None
            changes = (name, node.func.attr) in STORE_CHANGES
        if changes and not guarded:
            bad.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return bad


def test_the_ui_changes_the_store_only_through_its_save_path():
    offenders = {}
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        lines = _store_changes_outside_a_save_path(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert offenders == {}
    assert {
        ("highlights", "add"),
        ("highlights", "add_passage"),
        ("highlights", "undo"),
        ("highlights", "redo"),
        ("articles", "mark_read"),
        ("corrections", "set_rule"),
    } <= STORE_CHANGES
    unguarded = "def f(store):\n    store.articles.mark_read('x')\n    feeds = store.feeds\n    feeds.add('u', 't')\n"
    assert _store_changes_outside_a_save_path(ast.parse(unguarded)) == [2, 4]  # the check itself can fail


def test_no_ui_module_is_a_god_object():
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (PACKAGE / "ui").rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 300} == {}


def test_no_module_is_over_400_lines():
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 60
    assert {name: size for name, size in sizes.items() if size > 400} == {}


def test_every_entity_rule_is_registered_and_in_the_pipeline_once():
    from reader.core.entities.rules import PIPELINE, REGISTRY, RULES

    assert sorted(PIPELINE) == sorted(REGISTRY) and len(set(PIPELINE)) == len(PIPELINE)
    assert set(RULES) == {name for name, rule in REGISTRY.items() if rule.optional}
    assert {"vote", "places", "name_parts", "mentions"} <= set(RULES) and "sorted" not in RULES


def test_leaving_out_a_rule_that_does_not_exist_is_an_error():
    import pytest

    from reader.core.entities import refine

    with pytest.raises(ValueError, match="no entity rule named votes"):
        refine("Tony Blair spoke.", [], off=frozenset({"votes"}))


def test_the_lazy_packages_import_their_modules_only_when_a_name_is_used():
    """`python -m reader.core.entities.process` runs the package's __init__ before the child
    lowers its priority: it must load nothing else; a name asked for loads its module."""
    code = (
        "import sys, reader.core.entities as e, reader.core.ingest, reader.core.notes\n"
        "before = sorted(m for m in sys.modules if m.startswith(('reader.core.entities.', 'reader.core.ingest.',"
        " 'reader.core.notes.')) or m in ('aiohttp', 'yaml', 'jinja2'))\n"
        "e.Entity, e.group_entities\n"
        "print(before, 'reader.core.entities.groups' in sys.modules)\n"
        "try:\n    e.Nothing\nexcept AttributeError as error:\n    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[] True", "module 'reader.core.entities' has no attribute 'Nothing'"]


def test_no_module_of_reader_is_in_an_import_circle():
    """Type-checking imports included: a circle through them is still a circle to read."""
    import grimp

    graph = grimp.build_graph("reader", exclude_type_checking_imports=False, cache_dir=None)
    circles = [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]
    assert circles == []
    assert "reader.ui.app" in graph.modules and graph.find_modules_directly_imported_by("reader.ui.app")


def _strongly_connected(graph) -> list[set[str]]:
    """Tarjan's strongly connected components of the import graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            groups.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def _class_sizes() -> dict[str, int]:
    """Every class of reader/, measured with its in-project bases (a class cut into mixins
    is one class): the lines of each class in its MRO that reader defines."""
    import importlib
    import inspect

    sizes = {}
    for module in pkgutil.walk_packages(reader.__path__, "reader."):
        if module.name.endswith("__main__"):
            continue
        for cls in vars(importlib.import_module(module.name)).values():
            if inspect.isclass(cls) and cls.__module__ == module.name:
                ours = [c for c in cls.__mro__ if c.__module__.split(".")[0] == "reader"]
                sizes[f"{module.name}.{cls.__qualname__}"] = sum(len(inspect.getsourcelines(c)[0]) for c in ours)
    return sizes


def test_no_class_is_over_400_lines_with_its_bases():
    import inspect

    from reader.core.store.highlights import Highlights
    from reader.core.store.tables import Part

    sizes = _class_sizes()
    assert len(sizes) > 100
    assert {name: size for name, size in sizes.items() if size > 400} == {}
    own = len(inspect.getsourcelines(Highlights)[0]) + len(inspect.getsourcelines(Part)[0])
    assert sizes["reader.core.store.highlights.Highlights"] == own  # a base is counted with its class


# Where Textual reads a str as markup: widgets and options made from it, a Static's update,
# a DataTable's cells, the palette's hits, border titles. (reader's own dialogs, ListScreen,
# Confirm and NameDialog, take plain text and show it through reader.ui.plain.)
MARKUP_SINKS = {
    "Static", "Label", "Button", "Option", "Hit", "DiscoveryHit", "update", "add_row", "add_option", "replace_option_prompt_at_index", "from_markup", "highlight",
}  # fmt: skip
MARKUP_TITLES = {"border_title", "border_subtitle"}


def _has_variable(node: ast.expr) -> bool:
    """Whether a string expression takes any part from a variable (not only from literals)."""
    if isinstance(node, ast.Constant):
        return False
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(value, ast.FormattedValue) for value in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _has_variable(node.left) or _has_variable(node.right)
    if isinstance(node, ast.IfExp):
        return _has_variable(node.body) or _has_variable(node.orelse)
    return True


def _built_from_variables(node: ast.expr) -> bool:
    """A markup string built from variables: an f-string with a field, text joined with `+`,
    `%`, `.join` or `.format` from anything but literals (`plain(...)` and `Text(...)` are
    calls of their own, so never this)."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod)):
        return _has_variable(node)
    if isinstance(node, ast.IfExp):
        return _built_from_variables(node.body) or _built_from_variables(node.orelse)
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name):  # a str made safe for a terminal is still markup
        return node.func.id in {"str", "inert", "one_line", "clip"}
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr in {"join", "format"}
        and isinstance(node.func.value, ast.Constant | ast.JoinedStr)
    )


def test_no_markup_string_is_built_from_variables_in_the_ui():
    """Text from outside reaches a widget through reader.ui.plain (or as a Rich Text), never
    pasted into a string that Textual reads as markup; toasts are plain (ReaderApp.notify)."""
    found = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in MARKUP_SINKS:
                    values = [*node.args, *(k.value for k in node.keywords if k.arg in {"prompt", "help", "label"})]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr in MARKUP_TITLES for t in node.targets
            ):
                values = [node.value]
            found += [f"{path.relative_to(PACKAGE)}:{v.lineno}" for v in values if _built_from_variables(v)]
    assert not found, f"markup built from variables (use reader.ui.plain): {found}"
