"""`reader rule`: what to do with new articles as they arrive (reader.core.library.rules):
add, list (with how often each fired), remove, apply (to the library as it is now)."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, print_json
from reader.core.text import inert, plural


def add_rule(commands) -> None:
    rule = commands.add_parser("rule", help="rules: a query and what to do with the new articles it finds")
    actions = rule.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a rule, run on each new article from now on (last in order)")
    add.add_argument("query", metavar="QUERY", help='as `/` in the app ("" finds every article)')
    add.add_argument("rule_action", metavar="DO", help="skip, read, archive, later, star or tag:NAME")
    add.add_argument("--feed", metavar="FEED", help="only the articles of this feed (its number, address or title)")
    listing = actions.add_parser("list", help="every rule, in order, with how often it fired")
    listing.add_argument("--json", action="store_true", help="a JSON array")
    remove = actions.add_parser("remove", help="remove rule N")
    remove.add_argument("n", metavar="N", type=int)
    apply = actions.add_parser("apply", help="rule N on the library as it is now (says how many first)")
    apply.add_argument("n", metavar="N", type=int)
    apply.add_argument("--yes", action="store_true", help="do it (without it: only say how many it finds)")
    undo = actions.add_parser("undo", help="take back the last apply")
    for parser in (rule, add, listing, remove, apply, undo):
        common_options(parser, suppress=True)
    rule.set_defaults(run=cmd_rule)


def cmd_rule(services, args) -> int:
    from reader.core.library.rules import RuleError, rules_of
    from reader.services import rules

    store = services.store
    if args.action == "add":
        try:
            n, said = rules.add_rule(services, args.query, args.rule_action, args.feed)
        except RuleError as error:
            return fail(inert(str(error)))
        print(f"rule {n}: {inert(said)}")
        return 0
    if args.action == "remove":
        try:
            gone = store.rules.remove(args.n)
        except IndexError:
            return fail(f"no rule {args.n} (see `reader rule list`)")
        print(f"removed rule {args.n}: {inert(gone['query'] or '(every article)')} → {inert(gone['action'])}")
        return 0
    if args.action == "apply":
        return cmd_apply(services, args.n, args.yes)
    if args.action == "undo":
        change = rules.undo_apply(services)
        if change is None:
            return fail("nothing to undo: no `reader rule apply` since the last undo")
        print(f"took back: {change.what}")
        return 0
    rows = store.rules.all()
    if args.json:
        print_json([{k: row.get(k) for k in ("n", "query", "action", "feed", "fired", "last")} for row in rows])
        return 0
    if not rows:
        print('no rules yet: reader rule add QUERY ACTION (say, reader rule add "sponsored" skip)', file=sys.stderr)
        return 0
    read, problems = rules_of(rows)
    names = rules.feed_titles(services)
    by_n = {rule.n: rule for rule in read}
    for row in rows:
        said = rules.describe(by_n[row["n"]], names) if row["n"] in by_n else f"{row['query']} → {row['action']}"
        print(f"{row['n']:>3}  {inert(said)}  · fired {plural(row.get('fired', 0), 'time')}")
    for problem in problems:
        print(f"note: {inert(problem)} (not run)", file=sys.stderr)
    return 0


def cmd_apply(services, n: int, yes: bool) -> int:
    from reader.services import rules

    try:
        rule, found = rules.matches(services, n)
    except IndexError:
        return fail(f"no rule {n} (see `reader rule list`)")
    said = inert(rules.describe(rule, rules.feed_titles(services)))
    if not yes:
        print(f"rule {n} ({said}) finds {plural(len(found), 'article')}; reader rule apply {n} --yes acts on them")
        return 0
    count, change = rules.apply_rule(services, n)
    if change is None:
        print(f"rule {n} ({said}): nothing to change in {plural(count, 'article')}")
        return 0
    print(f"rule {n} ({said}): {change.what}; `reader rule undo` takes it back")
    return 0
