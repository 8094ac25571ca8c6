"""`reader explore`: what the library (or a query's articles) is about, from the entity
cache: the entities of each label in the most articles, or one entity's company and months."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, positive, print_json
from reader.core.text import inert, plural
from reader.services import triage


def add_explore(commands) -> None:
    explore = commands.add_parser(
        "explore", help="the entities in the most articles per label, or one entity's company (from the entity cache)"
    )
    explore.add_argument("--json", action="store_true", help="print JSON")
    explore.add_argument("--query", metavar="Q", help="only the articles the query finds (as `/` in the app)")
    explore.add_argument("--entity", metavar="NAME", help="one entity: its aliases, company and articles a month")
    explore.add_argument("--top", type=positive, default=20, metavar="N", help="entities per label (default 20)")
    common_options(explore, suppress=True)
    explore.set_defaults(run=cmd_explore)


def cmd_explore(services, args) -> int:
    from reader.core.entities.explore import overview

    wanted = {e.id for e in (triage.select(services, args.query) if args.query else triage.visible(services))}
    items = (
        (entry.id, entry.date, article.body, found)
        for entry, article, found, _ in services.article_entities(compute=False)
        if entry.id in wanted
    )
    found = overview(items)
    if found.unindexed:
        print(
            f"{plural(found.unindexed, 'article')} not indexed yet (left out): `reader index` finds their entities",
            file=sys.stderr,
        )
    if args.entity:
        return _one(found, args.entity, args.json, args.top)
    labels = {
        label: [
            {
                "name": name,
                "aliases": sorted(found.aliases.get((label, name), ())),
                "articles": count,
                "mentions": found.mentions[(label, name)],
            }
            for (_, name), count in found.top(label, args.top)
        ]
        for label in found.labels()
    }
    if args.json:
        print_json({"labels": labels})
        return 0
    for label, rows in labels.items():
        print(label)
        for row in rows:
            print(f"  {inert(row['name'])[:40]:<40} {row['articles']:>6} articles {row['mentions']:>7} mentions")
    return 0


def _one(found, name: str, as_json: bool, top: int) -> int:
    wanted = " ".join(name.split()).casefold()
    keys = [
        key
        for key in found.articles
        if key[1].casefold() == wanted or wanted in {a.casefold() for a in found.aliases.get(key, ())}
    ]
    if not keys:
        return fail(f"no entity named {inert(name)!r} in the indexed articles (see `reader explore`)")
    key = max(keys, key=lambda k: (len(found.articles[k]), found.mentions[k]))
    result = {
        "name": key[1],
        "label": key[0],
        "aliases": sorted(found.aliases.get(key, ())),
        "articles": len(found.articles[key]),
        "mentions": found.mentions[key],
        "with": [
            {"name": other[1], "label": other[0], "articles": shared, "score": round(score, 3), "lift": round(lift, 3)}
            for other, shared, lift, score in found.together(key, top)
        ],
        "months": dict(found.over_time(key)),
    }
    if as_json:
        print_json(result)
        return 0
    also = f" (also {', '.join(inert(a) for a in result['aliases'])})" if result["aliases"] else ""
    print(f"{inert(key[1])} · {key[0]} · {plural(result['articles'], 'article')}{also}")
    print("appears with (articles together, lift over chance, score: articles × log2 lift):")
    for row in result["with"]:
        print(
            f"  {inert(row['name'])[:40]:<40} {row['label']:<8} {row['articles']:>5}"
            f" {row['lift']:>6.2f}x {row['score']:>7.1f}"
        )
    for month, count in result["months"].items():
        print(f"  {month}  {count}")
    return 0
