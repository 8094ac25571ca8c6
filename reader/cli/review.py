"""`reader review`: today's highlights by spaced repetition (listed, as JSON, or as a Markdown
digest for a daily note) and `reader review grade ID GRADE`."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, positive, print_json, write_output
from reader.core.text import inert, plural
from reader.services import review as reviewing

USAGE = "reader review grade ID again|hard|good|easy|never"


def add_review(commands) -> None:
    from reader.core.notes.review import GRADES, NEVER

    review = commands.add_parser(
        "review",
        help="today's highlights to review (spaced repetition); `review grade ID GRADE` keeps a grade",
        description=f"Today's highlights to review, chosen by FSRS. Grades: {USAGE}.",
    )
    review.add_argument(
        "words", nargs="*", metavar="grade ID GRADE", help=f"grade a highlight: {', '.join((*GRADES, NEVER))}"
    )
    review.add_argument("--json", action="store_true", help='a JSON array of {"id", "quote", "note", "tags", ...}')
    review.add_argument("--count", type=positive, metavar="N", help="this many (default: review_per_day)")
    review.add_argument("--query", metavar="Q", help="only the highlights of the articles the query finds")
    review.add_argument("--tag", metavar="TAG", help="only the highlights with this tag (or in articles with it)")
    review.add_argument("--all", action="store_true", help="every reviewable highlight, due or not")
    review.add_argument("--markdown", action="store_true", help="today's set as a Markdown digest")
    review.add_argument("-o", "--output", metavar="FILE", help="with --markdown: write it here, not to stdout")
    common_options(review, suppress=True)
    review.set_defaults(run=cmd_review)


def is_grading(args) -> bool:
    return bool(args.words) and args.words[0] == "grade"


def cmd_review(services, args) -> int:
    if args.words:
        if not is_grading(args) or len(args.words) != 3:
            return fail(f"to grade a highlight: {USAGE}")
        return cmd_grade(services, args.words[1], args.words[2])
    day = reviewing.review_day(services, args.query, args.tag, args.count, args.all)
    if args.json:
        print_json([item.to_json() for item in day.items])
        return 0
    if args.markdown:
        return _digest(day, args.output)
    for item in day.items:
        h = item.highlight
        tags = " ".join(f"#{t}" for t in h.tags)
        print(f"{h.id}  due {item.due.isoformat()}  {inert(item.entry.title)}")
        print(f"    “{inert(' '.join(h.exact.split()))}”" + (f"  {inert(tags)}" if tags else ""))
        if h.note:
            print(f"    note: {inert(' '.join(h.note.split()))}")
    if not args.all:
        tomorrow = reviewing.review_tomorrow(services, day)
        print(
            f"{plural(len(day.items), 'highlight')} to review today ({day.done_today} done;"
            f" streak {plural(day.streak, 'day')}); tomorrow: {tomorrow}",
            file=sys.stderr,
        )
    return 0


def _digest(day, output: str | None) -> int:
    from reader.core.notes.export import review_digest
    from reader.core.notes.review import day_of, now

    items = [(i.highlight, i.entry.title, i.entry.date, i.entry.url) for i in day.items]
    return write_output(review_digest(day_of(now()), items), output, plural(len(day.items), "highlight"))


def cmd_grade(services, highlight_id: str, how: str) -> int:
    from reader.core.notes.review import due_date, now

    try:
        review = reviewing.grade_highlight(services, highlight_id, how)
    except KeyError:
        return fail(f"no highlight with id {inert(highlight_id)!r} (see `reader review --all --json`)")
    except ValueError as error:
        return fail(inert(str(error)))
    if review.suspended:
        print(f"{inert(highlight_id)}: out of the review (the highlight stays)")
    else:
        print(f"{inert(highlight_id)}: {how}; next on {due_date(review, now()).isoformat()}")
    return 0
