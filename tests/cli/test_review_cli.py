"""`reader review`: today's set as JSON, text and a Markdown digest; grades; by tag and by
query; the review state through an export and an import; a deleted highlight leaves."""

from __future__ import annotations

import datetime as dt
import json

from reader.cli import main
from reader.core.store import Store
from tests.cli.test_export_cli import annotate
from tests.conftest import SEED_000, SEED_003


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def today(capsys, *args) -> list[dict]:
    code, out, err = run(capsys, "review", "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_todays_set_then_grades_take_highlights_out_of_it(home, capsys):
    made = annotate(home)  # three highlights, never reviewed
    listed = today(capsys)
    assert [h["id"] for h in listed] == [h.id for h in reversed(made)]  # newest first
    first = listed[0]
    assert set(first) == {"id", "quote", "note", "tags", "article", "title", "due"}
    assert first["quote"] == "Instead, they invaded Ukraine on Feb. 24." and first["tags"] == ["timeline"]
    assert first["article"] == SEED_000 and first["title"].startswith("Putin and Lukashenko")
    assert first["due"] == dt.date.today().isoformat() and first["note"] == "# not a heading\n```"
    assert len(today(capsys, "--count", "2")) == 2

    code, out, _ = run(capsys, "review", "grade", first["id"], "easy")
    assert code == 0 and out.startswith(f"{first['id']}: easy; next on ")
    code, out, _ = run(capsys, "review", "grade", listed[1]["id"], "again")
    assert code == 0
    assert [h["id"] for h in today(capsys)] == [listed[2]["id"]]  # graded: out of today's set
    assert today(capsys, "--count", "2") == []  # two done today: the day's two are done
    every = today(capsys, "--all")
    assert len(every) == 3 and every[-1]["id"] == first["id"]  # easy: due the latest
    assert every[-1]["due"] > every[-2]["due"] > dt.date.today().isoformat()
    code, out, err = run(capsys, "review")
    assert code == 0 and "Lukashenko said Wednesday" in out
    assert "1 highlight to review today (2 done; streak 1 day); tomorrow: " in err

    code, out, _ = run(capsys, "review", "grade", listed[2]["id"], "never")
    assert code == 0 and "out of the review" in out
    assert all(h["id"] != listed[2]["id"] for h in today(capsys, "--all"))


def test_by_tag_and_by_query(home, capsys):
    annotate(home)
    assert {h["quote"] for h in today(capsys, "--tag", "#money")} == {
        "Moscow has granted Belarus a new $1.5 billion loan"
    }
    assert {h["article"] for h in today(capsys, "--query", "Leader")} == {SEED_003}
    assert today(capsys, "--query", "nothing-matches-this") == []
    code, _, err = run(capsys, "review", "--query", "tag:(")
    assert code == 1 and "cannot read the query" in err


def test_the_markdown_digest_for_a_daily_note(home, capsys, tmp_path):
    made = annotate(home)
    code, out, _ = run(capsys, "review", "--markdown")
    assert code == 0 and out.startswith(f"# Review · {dt.date.today().isoformat()}\n")
    assert "> Instead, they invaded Ukraine on Feb. 24. ^hl-" in out
    assert "#timeline" in out and "> [!note]\n> # not a heading\n> ```" in out  # the note: Markdown, in its callout
    assert out.count("## ") == len(made)
    target = tmp_path / "daily" / "review.md"
    code, _, err = run(capsys, "review", "--markdown", "-o", str(target))
    assert code == 0 and target.read_text() == out and "wrote 3 highlights" in err


def test_bad_grades_and_ids_are_said(home, capsys):
    made = annotate(home)
    code, _, err = run(capsys, "review", "grade", "no-such", "good")
    assert code == 1 and "no highlight with id 'no-such'" in err
    code, _, err = run(capsys, "review", "grade", made[0].id, "brilliant")
    assert code == 1 and "'brilliant' is not a grade: again, hard, good, easy, never" in err
    code, _, err = run(capsys, "review", "grade", made[0].id)
    assert code == 1 and "reader review grade ID again|hard|good|easy|never" in err
    assert Store(home / "reader.json", read_only=True).reviews.all() == {}


def test_a_deleted_highlight_leaves_the_review(home, capsys):
    made = annotate(home)
    run(capsys, "review", "grade", made[0].id, "hard")
    store = Store(home / "reader.json")
    store.highlights.delete(made[0].id)
    store.close()
    assert made[0].id not in {h["id"] for h in today(capsys, "--all")}


def test_the_review_state_goes_through_an_export_and_an_import(home, capsys, tmp_path):
    made = annotate(home)
    run(capsys, "review", "grade", made[1].id, "easy")
    before = Store(home / "reader.json", read_only=True).reviews.all()[made[1].id]
    exported = tmp_path / "notes.json"
    assert run(capsys, "export", "--format", "json", "-o", str(exported))[0] == 0
    item = next(a for a in json.loads(exported.read_text())["first"]["items"] if made[1].id in a["id"])
    assert item["reader"]["review"]["reps"] == 1
    for name in ("reader.json", "reader.json.journal"):
        (home / name).unlink(missing_ok=True)  # a fresh database, as on another machine
    code, out, err = run(capsys, "import", str(exported))
    assert code == 0, err
    assert Store(home / "reader.json", read_only=True).reviews.all() == {made[1].id: before}
    assert made[1].id not in {h["id"] for h in today(capsys)}
