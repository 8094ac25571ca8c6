"""`reader mark`, `tag`, `note`, `view`, `delete` and `restore`: working through the
library from the shell, with the query language of the app's `/` (`reader list --query`)."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, print_json, read_stdin
from reader.core.text import clip, inert, one_line, plural
from reader.services import triage


def add_mark(commands) -> None:
    from reader.core.store.articles import MARKS

    mark = commands.add_parser("mark", help="mark articles read, unread, inbox, later, archive, star or unstar")
    mark.add_argument("ids", metavar="ID", nargs="*", help="article ids, as `reader list` prints them")
    mark.add_argument("state", metavar="STATE", choices=list(MARKS), help=", ".join(MARKS))
    mark.add_argument("--query", metavar="Q", help="every article the query finds (as `/` in the app)")
    common_options(mark, suppress=True)
    mark.set_defaults(run=lambda services, args: cmd_mark(services, args.ids, args.state, args.query))


def add_tag(commands) -> None:
    tag = commands.add_parser("tag", help="tag an article (not a highlight)")
    tag.add_argument("id", metavar="ID", help="the article's id")
    tag.add_argument("tags", metavar="TAG", nargs="+")
    tag.add_argument("--remove", action="store_true", help="take these tags off")
    common_options(tag, suppress=True)
    tag.set_defaults(run=lambda services, args: cmd_tag(services, args.id, args.tags, args.remove))


def add_note(commands) -> None:
    note = commands.add_parser("note", help="set an article's note (empty text removes it)")
    note.add_argument("id", metavar="ID", help="the article's id")
    note.add_argument("text", metavar="TEXT", help="the note (Markdown); - reads it from stdin")
    common_options(note, suppress=True)
    note.set_defaults(run=lambda services, args: cmd_note(services, args.id, args.text))


def add_view(commands) -> None:
    view = commands.add_parser("view", help="saved views: a name for a query")
    actions = view.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save a view (or replace one of that name)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY")
    listing = actions.add_parser("list", help="every view, with its count and unread count")
    listing.add_argument("--json", action="store_true", help='a JSON array of {"name", "query", "count", "unread"}')
    remove = actions.add_parser("remove", help="remove a saved view")
    remove.add_argument("name", metavar="NAME")
    for parser in (view, add, listing, remove):
        common_options(parser, suppress=True)
    view.set_defaults(run=cmd_view)


def add_delete(commands) -> None:
    delete = commands.add_parser("delete", help="delete articles (files reader saved go to its trash)")
    delete.add_argument("ids", metavar="ID", nargs="+")
    common_options(delete, suppress=True)
    delete.set_defaults(run=lambda services, args: cmd_delete(services, args.ids))


def add_restore(commands) -> None:
    restore = commands.add_parser("restore", help="bring deleted articles back")
    restore.add_argument("ids", metavar="ID", nargs="+")
    common_options(restore, suppress=True)
    restore.set_defaults(run=lambda services, args: cmd_restore(services, args.ids))


def add_clean(commands) -> None:
    clean = commands.add_parser(
        "clean", help="old read articles to the trash (keep_read_days), and the trash emptied (trash_days)"
    )
    clean.add_argument("--dry-run", action="store_true", help="say what would go, change nothing")
    clean.add_argument("--json", action="store_true", help="the ids, as JSON")
    common_options(clean, suppress=True)
    clean.set_defaults(run=cmd_clean)


def cmd_clean(services, args) -> int:
    from reader.services.retention import clean, keeps

    if not keeps(services) and not args.json:
        print("note: nothing keeps read articles for a time: set keep_read_days in the config, or"
              " `reader feed set ID --keep-read N`; only the trash is emptied", file=sys.stderr)  # fmt: skip
    done = clean(services, dry_run=args.dry_run)
    if args.json:
        print_json({"old": [e.id for e in done.old], "emptied": done.emptied, "dry_run": args.dry_run})
        return 0
    for entry in done.old:
        print(
            f"{'would go' if args.dry_run else 'trash'}  {inert(entry.id)}  {entry.date}  {clip(one_line(entry.title), 60)}"
        )
    print(done.line() or "nothing to clean", file=sys.stderr)
    return 0


def _entries(services, ids: list[str]):
    """The entries of these ids (deleted ones left out), or None after saying which is unknown."""
    visible = {entry.id: entry for entry in triage.visible(services)}
    unknown = [i for i in ids if i not in visible]
    if unknown:
        fail(f"no article with id {inert(unknown[0])!r} (see `reader list`)")
        return None
    return [visible[i] for i in dict.fromkeys(ids)]


def cmd_mark(services, ids: list[str], state: str, query: str | None) -> int:
    if not ids and query is None:
        return fail("mark what? give article ids or --query Q")
    entries = _entries(services, ids) if ids else []
    if entries is None:
        return 1
    if query is not None:
        entries += triage.select(services, query)
    change = services.store.articles.mark([e.id for e in entries], state)
    print(change.what if change else f"nothing to change: {plural(len(entries), 'article')} already {state}")
    return 0


def cmd_tag(services, article_id: str, tags: list[str], remove: bool) -> int:
    if _entries(services, [article_id]) is None:
        return 1
    from reader.core.notes.highlight import normalize_tags

    current = services.store.articles.state(article_id).tags
    given = normalize_tags(tags)
    if not given:
        return fail("no tag given: a tag needs a letter or a digit")
    kept = [t for t in current if t not in given] if remove else [*current, *given]
    services.store.articles.change(article_id, "Tagged", tags=kept)
    now = services.store.articles.state(article_id).tags
    print(f"{inert(article_id)}: " + (" ".join(f"#{t}" for t in now) or "no tags"))
    return 0


def cmd_note(services, article_id: str, text: str) -> int:
    if _entries(services, [article_id]) is None:
        return 1
    if text == "-":
        text = read_stdin()
    services.store.articles.change(article_id, "Note", note=text)
    note = services.store.articles.state(article_id).note
    print(f"{inert(article_id)}: " + ("note saved" if note else "no note"))
    return 0


def cmd_view(services, args) -> int:
    store = services.store
    if args.action == "add":
        from reader.core.library import QueryError

        try:
            new = triage.save_view(services, args.name, args.query)
        except QueryError:
            raise  # said by main, as for every command
        except ValueError as error:  # a built-in view's name
            return fail(inert(str(error)))
        print(f"{'saved' if new else 'replaced'} view {inert(args.name)!r}")
        return 0
    if args.action == "remove":
        if not store.articles.remove_view(args.name):
            return fail(f"no saved view named {inert(args.name)!r} (see `reader view list`)")
        print(f"removed view {inert(args.name)!r}")
        return 0
    views = [
        {k: v for k, v in view.items() if k not in ("entries", "ids")}
        for view in triage.view_counts(services, triage.visible(services))
    ]
    if args.json:
        print_json(views)
        return 0
    width = min(max(len(one_line(v["name"])) for v in views), 60)
    for v in views:
        counts = v.get("error") or f"{v['count']:>6,} {v['unread']:>6,} unread"
        print(f"{clip(v['name'], width):<{width}}  {counts}  {clip(v['query'], 100)}")  # whole in --json
    return 0


def cmd_delete(services, ids: list[str]) -> int:
    entries = _entries(services, ids)
    if entries is None:
        return 1
    triage.delete(services, entries)
    for entry in entries:
        where = services.store.articles.state(entry.id).deleted or {}
        print(f"deleted {inert(entry.id)}" + (f" (moved to {where['trash']})" if where.get("trash") else " (hidden)"))
    return 0


def cmd_restore(services, ids: list[str]) -> int:
    store = services.store
    deleted = [i for i in dict.fromkeys(ids) if store.articles.state(i).deleted]
    problems = triage.restore(services, ids)
    for problem in problems:
        fail(inert(problem))
    for article_id in deleted:
        if not store.articles.state(article_id).deleted:
            print(f"restored {inert(article_id)}")
    return 1 if problems else 0
