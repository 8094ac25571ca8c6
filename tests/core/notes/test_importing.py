"""Imported annotations are data: checked one by one, cleaned before they reach the store,
never a traceback, never a control character on a terminal."""

import io
import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.notes.export import ArticleExport, Exporter, TemplateFailed, annotations_json
from reader.core.notes.importing import read_annotations
from reader.core.store import Store
from reader.core.text import unprintable
from tests.conftest import SEED_000
from tests.core.export_parse import recover

HOSTILE_TAG = "x\x1b]0;PWNED\x07y"
HOSTILE_NOTE = "before\x1b[2J after \x1b]52;c;cHduZWQ=\x07 end\x9b31m"


def annotation(exact="Vladimir Putin", source=f"urn:reader:{SEED_000}", **extra):
    doc = {
        "type": "Annotation",
        "id": f"urn:uuid:{uuid.uuid4()}",
        "target": {"source": source, "selector": [{"type": "TextQuoteSelector", "exact": exact}]},
        "body": [{"type": "TextualBody", "purpose": "commenting", "value": "a note"}],
    }
    doc.update(extra)
    return doc


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_escape_sequences_in_a_file_never_reach_the_store_or_a_terminal(home, tmp_path, monkeypatch):
    hostile = annotation(
        body=[
            {"type": "TextualBody", "purpose": "tagging", "value": HOSTILE_TAG},
            {"type": "TextualBody", "purpose": "commenting", "value": HOSTILE_NOTE},
        ]
    )
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([hostile]))
    assert main(["import", str(path)]) == 0
    [h] = Store(home / "reader.json", read_only=True).highlights.all()
    assert h.tags == ("xy",) and h.note == "before after  end31m"
    # a store written by something else (or an older reader) still cannot reach the terminal
    store = Store(home / "reader.json")
    store.highlights.update(h.id, note=HOSTILE_NOTE, tags=[])
    store.close()
    out, err = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    assert main(["export"]) == 0
    assert "before" in out.getvalue() and not unprintable(out.getvalue().replace("\n", ""))


def test_bad_annotations_are_skipped_with_a_reason_and_the_good_ones_imported():
    items = [
        annotation(),
        annotation(source=12),
        annotation(exact=12),
        annotation(target={"source": "a.txt", "selector": [{"type": "TextPositionSelector", "start": 1}]}),
        annotation(exact="x" * 200_000),
        annotation(
            target={
                "source": "a.txt",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": "abc"},
                    {"type": "TextPositionSelector", "start": -5, "end": 3},
                ],
            }
        ),
        annotation(
            target={
                "source": "a.txt",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": "abc"},
                    {"type": "TextPositionSelector", "start": 9, "end": 3},
                ],
            }
        ),
        "not an object",
        annotation(body=[{"purpose": "tagging", "value": "t"}] * 500),
    ]
    imported = read_annotations(json.dumps(items))
    assert len(imported.highlights) == 1
    reasons = "\n".join(imported.skipped)
    assert len(imported.skipped) == 8 and "annotation 2 (urn:uuid:" in reasons
    for expected in (
        "its source is int, not text",
        "its quote is int, not text",
        "it has no TextQuoteSelector",
        "its quote is 200,000 characters long",
        "its start -5 is not a position",
        "it ends (3) before it starts (9)",
        "annotation 8: a str, not an annotation object",
        "500 tags, more than 200",
    ):
        assert expected in reasons


def test_whole_file_problems_are_one_clear_line(home, tmp_path, capsys):
    cases = {
        "deep.json": "[" * 100_000,
        "latin.json": "[\xe9]".encode("latin-1"),
        "text.json": "not json at all",
        "many.json": json.dumps([annotation() for _ in range(4)]),
    }
    (home / "config.toml").write_text("import_max_items = 3\n")
    messages = {}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        assert main(["import", str(path)]) == 1
        messages[name] = capsys.readouterr().err
    assert "nested too deeply" in messages["deep.json"]
    assert "not UTF-8 text (byte 1)" in messages["latin.json"]
    assert "not JSON (line 1, column 1" in messages["text.json"]
    assert "4 annotations, more than the 3 allowed (import_max_items)" in messages["many.json"]
    assert all("Traceback" not in m and m.count("\n") == 1 for m in messages.values())


def test_different_annotations_of_one_passage_are_all_kept(home, tmp_path, capsys):
    items = [annotation(body=[{"purpose": "commenting", "value": f"note {n}"}]) for n in range(20)]
    path = tmp_path / "twenty.json"
    path.write_text(json.dumps(items))
    assert main(["import", str(path)]) == 0
    assert "20 added, 0 updated, 0 skipped" in capsys.readouterr().out
    assert sorted(h.note for h in Store(home / "reader.json", read_only=True).highlights.all()) == sorted(
        f"note {n}" for n in range(20)
    )
    assert main(["import", str(path)]) == 0  # the same file again: nothing new
    assert "0 added, 0 updated, 20 skipped" in capsys.readouterr().out


def test_ids_from_outside_are_kept_only_when_they_are_uuids(home, tmp_path, capsys):
    odd = annotation(id="../../etc/passwd")
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([odd]))
    assert main(["import", str(path)]) == 0
    [h] = Store(home / "reader.json", read_only=True).highlights.all()
    assert uuid.UUID(h.id) and h.via == "../../etc/passwd"
    assert main(["import", str(path)]) == 0  # found again by its original id, not duplicated
    assert "0 added" in capsys.readouterr().out.splitlines()[-1]
    exported = json.loads(annotations_json([ArticleExport(h.article, "t", None, None, [h])]))
    assert exported["first"]["items"][0]["reader"]["via"] == "../../etc/passwd"


def test_a_template_that_fails_names_its_file_and_line(home, tmp_path, capsys):
    store = Store(home / "reader.json")
    body = "The quick brown fox."
    store.highlights.add(SEED_000, "fp", body, 4, 9)
    store.close()
    template = tmp_path / "bad.j2"
    template.write_text("# {{ article.title }}\n{% for h in highlights %}\n{{ h.quote / 0 }}\n{% endfor %}\n")
    assert main(["export", "--template", str(template)]) == 1
    err = capsys.readouterr().err
    assert f"{template}, line 3: TypeError" in err and "Traceback" not in err
    template.write_text("{% for h in highlights %\n")
    assert main(["export", "--template", str(template)]) == 1
    assert f"{template}, line 1" in capsys.readouterr().err
    try:
        Exporter(template)
    except TemplateFailed as error:
        assert str(template) in str(error)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(list("\x1b\x07\x9b\u202e\n\t[]#*")),
    max_size=40,
)


@st.composite
def annotation_files(draw):
    items = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            items.append(draw(json_values))
            continue
        doc = annotation(
            exact=draw(hostile_text) or "x", source=draw(st.sampled_from([f"urn:reader:{SEED_000}", "a.txt"]))
        )
        doc["body"] = [
            {"purpose": draw(st.sampled_from(["tagging", "commenting"])), "value": draw(hostile_text | json_values)}
            for _ in range(draw(st.integers(0, 3)))
        ]
        if draw(st.booleans()):
            doc[draw(st.sampled_from(["id", "created", "reader", "target"]))] = draw(json_values)
        items.append(doc)
    return json.dumps(items)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(annotation_files())
def test_fuzz_import_store_export_import_again(tmp_path, text):
    """Arbitrary JSON and Unicode: never a crash; what is accepted goes through the store,
    Markdown and JSON export and a second import unchanged, with no control character."""
    imported = read_annotations(text)
    path = tmp_path / f"{uuid.uuid4().hex}.json"
    store = Store(path)
    for h in imported.highlights:
        store.highlights.merge(h)
        assert not unprintable(h.exact + h.quote.prefix + h.quote.suffix + "".join(h.tags) + h.note.replace("\n", ""))
    kept = store.highlights.all()
    store.close()
    if not kept:
        return
    by_article: dict[str, list] = {}
    for h in kept:
        by_article.setdefault(h.article, []).append(h)
    exports = [ArticleExport(a, a, None, None, hs) for a, hs in by_article.items()]
    markdown = Exporter().document(exports)
    assert not unprintable(markdown.replace("\n", ""))
    back = recover(markdown)
    assert sorted(q["quote"] for q in back["highlights"]) == sorted(h.exact for h in kept)
    again = read_annotations(annotations_json(exports))
    assert again.skipped == []
    assert sorted(again.highlights, key=lambda h: h.id) == sorted(kept, key=lambda h: h.id)
