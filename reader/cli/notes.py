"""`reader export`: highlights and notes out to Markdown or JSON-LD; and reader's own JSON-LD back in
(`import_annotations`, for `reader import`)."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.cli.common import common_options, fail
from reader.core.text import plural
from reader.services import exports as export_service


def add_export(commands) -> None:
    export = commands.add_parser("export", help="export highlights and notes as Markdown (or JSON)")
    export.add_argument("articles", metavar="ARTICLE", nargs="*", help="article ids (default: every annotated one)")
    export.add_argument("--tag", action="append", default=[], help="only highlights with this tag (repeatable)")
    export.add_argument("--entity", metavar="TEXT", help="only highlights whose passage mentions TEXT")
    export.add_argument("--since", metavar="DATE", help="only highlights changed on or after DATE (YYYY-MM-DD)")
    export.add_argument(
        "-o", "--output", help="a file, or a folder (one file per article; end it with /); default stdout"
    )
    export.add_argument(
        "--format", choices=("md", "json"), default="md", help="md (default) or json (W3C Web Annotation)"
    )
    export.add_argument("--template", type=Path, help="a Jinja2 template instead of the default one")
    export.add_argument(
        "--entities", action="store_true", help="add each article's main entities (from the entity cache)"
    )
    common_options(export, suppress=True)
    export.set_defaults(run=cmd_export)


def cmd_export(services, args) -> int:
    import datetime as dt

    from reader.core.notes.export import Exporter, TemplateFailed, annotations_json
    from reader.core.notes.writing import write_markdown
    from reader.services.exports import collect

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            return fail(f"--since wants a date like 2024-01-31, not {args.since!r}")
    template = args.template or export_service.export_template(services)
    if template is not None and not template.is_file():
        return fail(f"no template file at {template}")
    library = services.scan()
    unknown = [a for a in args.articles if library.get(a) is None and not services.store.highlights.of(a)]
    if unknown:
        return fail(f"no article with id {unknown[0]!r} (see `reader list`)")
    exports = collect(library, services.store, args.articles, args.tag, args.entity, since)
    if args.entities:
        add_main_entities(services, library, exports)
    if not exports:
        print("nothing to export: no highlight matches (nor an article's tags or note)", file=sys.stderr)
        return 0
    count = sum(len(a.highlights) for a in exports)
    if args.format == "json":
        text = annotations_json(exports, services.store.reviews.all())
        if args.output:
            from reader.core.files import write_atomically

            write_atomically(Path(args.output).expanduser(), text)
            annotations = count + sum(1 for a in exports if a.tags or a.note)  # an article's own is one
            print(f"wrote {plural(annotations, 'annotation')} to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    try:
        exporter = Exporter(template)
        if args.output is None:
            sys.stdout.write(exporter.document(exports))
            return 0
        output = Path(args.output).expanduser()
        folder = output.is_dir() or args.output.endswith(("/", "\\")) or (len(exports) > 1 and not output.suffix)
        told: list[str] = []
        written = write_markdown(exports, output, exporter, folder, notes=told, vault=export_service.vault(services))
    except TemplateFailed as error:  # a user's template that does not parse or fails
        return fail(f"template {error}")
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    for note in told:
        print(f"note: {note}", file=sys.stderr)
    print(f"{plural(count, 'highlight')} from {plural(len(exports), 'article')}", file=sys.stderr)
    return 0


def add_main_entities(services, library, exports) -> None:
    """The ten most mentioned entities of each article, from the cache (no model run:
    `reader index` first); hidden labels (CARDINAL, ORDINAL...) left out."""
    from reader.core.entities import ModelUnavailable, group_entities
    from reader.core.library import SkipFile

    hidden = set(services.config.hidden_labels)
    for export in exports:
        try:
            article = library.load(export.id)
            found = services.entities.cached(article)
        except (SkipFile, OSError, KeyError, ModelUnavailable):
            continue
        if found is None:
            print(f"note: {export.id} is not indexed yet (reader index): no entities listed", file=sys.stderr)
            continue
        groups = [
            g for label, items in group_entities(article.body, found).items() if label not in hidden for g in items
        ]
        groups.sort(key=lambda g: -len(g.spans))
        export.entities = [(g.label, g.name, len(g.spans)) for g in groups[:10]]


def import_annotations(services, path: Path, data: bytes) -> int:
    """`reader import` of W3C Web Annotation JSON (reader's own export)."""
    from reader.core.notes.importing import ImportError_, read_annotations

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return fail(f"{path}: not UTF-8 text (byte {error.start}), so not annotation JSON")
    try:
        imported = read_annotations(text, services.config.import_max_items)
    except ImportError_ as error:
        return fail(f"{path}: {error}")
    for reason in imported.skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    summary = {"added": 0, "updated": 0, "skipped": 0}
    articles = 0
    store = services.store
    touched: dict[str, None] = {}
    orphans = {h.id for a in {d.article for d in imported.highlights} for h in store.highlights.of(a) if not h.attached}
    with store.batch():  # the whole file one change (one journal line): all of it, or none
        for doc in imported.highlights:
            done = store.highlights.merge(doc)
            summary[done] += 1
            if done != "skipped":
                touched[doc.article] = None
        # placed on their articles' texts now: said here if not found, and not re-anchored at the first export
        lost = len(export_service.place_highlights(services, touched) - orphans)
        store.reviews.merge(imported.reviews)  # each kept if newer than the one here
        for article_id, tags, note in imported.articles:  # an article's own tags and note: added to, never replaced
            state = store.articles.state(article_id)
            merged = tuple(dict.fromkeys([*state.tags, *tags]))
            if merged != state.tags or (note and not state.note):
                store.articles.change(article_id, "Imported", tags=merged, note=state.note or note)
                articles += 1
    print(
        f"{summary['added']} added, {summary['updated']} updated, {summary['skipped']} skipped (already there and "
        f"not newer, or deleted here)"
        + (f", tags or notes of {plural(articles, 'article')}" if articles else "")
        + (f", {lost:,} not found in their article's text (kept, shown in the notebook)" if lost else "")
        + (f", {len(imported.skipped)} not imported (see above)" if imported.skipped else "")
    )
    return 0
