"""`reader index`, `reader entities` and `reader corrections`: entities from the shell."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.cli.common import common_options, fail, iso_date, load_all, positive, print_json, raw, report_skipped
from reader.core.text import inert, plural


def add_index(commands) -> None:
    index = commands.add_parser(
        "index",
        help="find the entities of every article, or of some (resumes if interrupted)",
        description="Find and cache the entities of the library's articles not indexed yet, newest first.",
    )
    index.add_argument(
        "folders", nargs="*", type=Path, metavar="FOLDER", help="only the articles in these folders of the library"
    )
    index.add_argument("--limit", type=positive, metavar="N", help="index at most N articles (the newest first)")
    index.add_argument(
        "--since",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="only articles dated on or after this day (undated ones: by the file's modification day)",
    )
    index.add_argument(
        "--processes", type=int, default=0, metavar="N", help="worker processes (default: 2 on 2+ cores)"
    )
    common_options(index, suppress=True)
    index.set_defaults(
        run=lambda services, args: cmd_index(services, args.processes, args.limit, args.since, args.folders)
    )


def add_entities(commands) -> None:
    entities = commands.add_parser("entities", help="print an article's entities")
    entities.add_argument("id", metavar="ID", help="the article's id, as `reader list` prints it")
    entities.add_argument("--json", action="store_true", help='print {"id", "body", "entities": [...]}')
    common_options(entities, suppress=True)
    entities.set_defaults(run=lambda services, args: cmd_entities(services, args.id, args.json))


def add_corrections(commands) -> None:
    corrections = commands.add_parser("corrections", help="list, undo or export your entity corrections")
    corrections.add_argument("action", nargs="?", choices=("list", "undo", "export"), default="list")
    corrections.add_argument("text", nargs="?", help="with undo: the surface form whose rule to remove")
    corrections.add_argument("-o", "--output", type=Path, help="with export: write here instead of stdout")
    common_options(corrections, suppress=True)
    corrections.set_defaults(run=lambda services, args: cmd_corrections(services, args.action, args.text, args.output))


def cmd_index(services, processes: int, limit: int | None = None, since=None, folders: list[Path] = ()) -> int:
    import datetime as dt
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        return fail(f"no such folder: {missing[0]}")
    print("reading the library…", file=sys.stderr, flush=True)
    library = services.scan()
    report_skipped(library.skipped)
    wanted = [root.resolve() for root in folders]

    def chosen(entry) -> bool:
        if wanted and not any(entry.path.resolve().is_relative_to(root) for root in wanted):
            return False
        if since is None:
            return True
        try:
            day = entry.date or dt.date.fromtimestamp(entry.path.stat().st_mtime)
        except OSError:
            return False
        return day >= since

    from reader.core.entities import pick_model
    from reader.core.library import SkipFile, ordered

    entities = services.entities
    articles, todo = [], []
    for entry in ordered([e for e in library.entries if chosen(e)], "date"):  # newest first
        try:
            article = library.load(entry.id)
        except SkipFile as error:
            print(f"skipped: {entry.path}: {error}", file=sys.stderr)
            continue
        articles.append(article)
        if not entities.indexed(article.fingerprint):
            todo.append(article)
    todo = todo[:limit] if limit else todo
    if not todo:
        print(f"{plural(len(articles), 'article')}, all indexed with {entities.key}", file=sys.stderr)
        _say_unspoken(entities, articles)
        return 0
    print(f"loading the spaCy model ({pick_model(services.model)})…", file=sys.stderr, flush=True)
    _ = entities.recognizer  # a model that cannot be loaded is reported before any work
    if processes <= 0:
        processes = 2 if (os.cpu_count() or 1) >= 2 and len(todo) >= 200 else 1
    columns = (TextColumn("indexing entities"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    from rich.console import Console

    warnings: list[str] = []
    with Progress(*columns, transient=False, console=Console(file=raw(sys.stdout))) as progress:
        task = progress.add_task("index", total=len(todo))
        try:
            computed = entities.index(
                todo, n_process=processes, progress=lambda n: progress.advance(task, n), warn=warnings.append
            )
        except KeyboardInterrupt:
            progress.stop()
            print("interrupted: what was indexed is kept; run `reader index` again to resume", file=sys.stderr)
            return 130
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    left = sum(1 for a in articles if not entities.indexed(a.fingerprint))
    print(
        f"{plural(len(articles), 'article')}, {computed:,} newly indexed with {entities.key}"
        + (f", {left} not yet" if left else ""),
        file=sys.stderr,
    )
    _say_unspoken(entities, articles)
    return 0


def _say_unspoken(entities, articles) -> None:
    """How many articles have no entities for want of a model for their language."""
    from collections import Counter

    from reader.core.entities import language

    unspoken = Counter(filter(None, map(entities.unspoken, articles)))
    if unspoken:
        ranked = sorted(unspoken.items(), key=lambda item: (-item[1], language.name(item[0])))
        counts = ", ".join(f"{language.name(code)} {n}" for code, n in ranked)
        print(
            f"no entities for {plural(unspoken.total(), 'article')} in languages with no entity model ({counts}):"
            f" name a spaCy pipeline for one in the config, e.g. {language.setting(ranked[0][0])}",
            file=sys.stderr,
        )


def cmd_entities(services, article_id: str, as_json: bool) -> int:
    from reader.core.library import SkipFile

    library = services.scan()
    if library.get(article_id) is None:
        return fail(f"no article with id {article_id!r} (see `reader list`)")
    try:
        article = library.load(article_id)
    except SkipFile as error:
        return fail(f"{article_id}: {error}")
    found = services.entities.of(article)
    unspoken = services.entities.unspoken(article)
    if unspoken:
        from reader.core.entities import language

        print(f"note: {inert(article_id)} is in {language.name(unspoken)}: no entity model for it", file=sys.stderr)
    if as_json:
        payload = {"id": article.id, "body": article.body, "entities": [e.to_json(article.body) for e in found]}
        print_json(payload)
        return 0
    for entity in found:
        print(f"{entity.start:>7} {entity.end:>7}  {entity.label:<12} {entity.text(article.body)}")
    return 0


def cmd_corrections(services, action: str, text: str | None, output: Path | None) -> int:
    store = services.store
    if action == "undo":
        if not text:
            return fail("say which rule to undo: reader corrections undo TEXT")
        if not store.corrections.remove_rule(text):
            return fail(f"no correction for {text!r}")
        print(f"removed the correction for {text!r}")
        return 0
    if action == "export":
        from reader.core.entities import training_examples

        lines = [
            json.dumps(example, ensure_ascii=False)
            for example in training_examples(load_all(services), services.entities)
        ]
        out = "\n".join(lines) + ("\n" if lines else "")
        if output:
            output.write_text(out, encoding="utf-8")
            print(f"wrote {len(lines)} examples to {output}", file=sys.stderr)
        else:
            sys.stdout.write(out)
        return 0
    for doc in store.corrections.rule_list():
        print(f"{inert(doc['text'])!r} -> {doc['label'] or 'not an entity'}")
    for doc in store.corrections.mentions():
        where = f"{inert(doc['article'])}, character {doc['start']}"
        print(f"{inert(doc['text'])!r} -> {doc['label'] or 'not an entity'}  (here only: {where})")
    return 0
