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
STORE_CHANGES = {
    "add_highlight",
    "update_highlight",
    "delete_highlight",
    "undo",
    "merge_highlight",
    "set_correction",
    "remove_correction",
    "mark_read",
    "mark_unread",
    "add_feed",
    "update_feed",
    "remove_feed",
}
SAVE_PATHS = {"saving", "changing_highlights"}


def test_every_core_module_imports_neither_textual_nor_spacy():
    modules = [f"reader.core.{m.name}" for m in pkgutil.iter_modules(reader.core.__path__)]
    assert len(modules) >= 15
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules + ['reader.services', 'reader.cli']!r}]; "
        "bad = [m for m in ('textual', 'spacy') if m in sys.modules]; print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _store_changes_outside_a_save_path(tree: ast.AST) -> list[int]:
    """Line numbers of calls to a store-changing method that no `with ...saving(...)` or
    `with ...changing_highlights(...)` block encloses."""
    bad: list[int] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.With):
            guarded = guarded or any(
                isinstance(item.context_expr, ast.Call)
                and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr in SAVE_PATHS
                for item in node.items
            )
        changes = (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STORE_CHANGES
        )
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
    unguarded = "def f(store):\n    store.mark_read('x')\n"  # the check itself can fail
    assert _store_changes_outside_a_save_path(ast.parse(unguarded)) == [2]


def test_no_ui_module_is_a_god_object():
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (PACKAGE / "ui").rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 300} == {}
