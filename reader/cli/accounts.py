"""`reader account add|list|remove`: a feed server (FreshRSS, Miniflux, Inoreader, The Old
Reader: the Google Reader API) that `reader sync` then goes through, both ways. The password
is read from stdin (or typed, unseen, on a terminal), or comes from `--password-command` at
each sync; it is checked at once and kept in the system keyring, else in a file only you can
read, never in the config or the database."""

from __future__ import annotations

import getpass
import sys

from reader.cli.common import common_options, fail, print_json, read_stdin
from reader.core.text import inert


def add_account(commands) -> None:
    account = commands.add_parser(
        "account", help="a feed server to sync through (Google Reader API): add, list, remove"
    )
    account.add_argument("action", choices=("add", "list", "remove"))
    account.add_argument("url", nargs="?", metavar="URL", help="the API's address, e.g. https://host/api/greader.php")
    account.add_argument("--user", metavar="NAME", help="with add: the user name on the server")
    account.add_argument(
        "--password-command", metavar="CMD", help="with add: a command that prints the API password, run at each sync"
    )
    account.add_argument("--json", action="store_true", help="with list: print a JSON array")
    common_options(account, suppress=True)
    account.set_defaults(run=cmd_account)


def cmd_account(services, args) -> int:
    store = services.store
    if args.action == "list":
        accounts = store.remote.accounts()
        if args.json:
            print_json([{k: a.get(k) for k in ("url", "user", "password_command", "last_sync")} for a in accounts])
        for a in accounts if not args.json else []:
            print(
                f"{inert(a['user'])} at {inert(a['url'])}  ({'synced ' + a['last_sync'] if a['last_sync'] else 'not synced yet'})"
            )
        if not accounts and not args.json:
            print("no account: reader account add URL --user NAME", file=sys.stderr)
        return 0
    if not args.url:
        return fail(
            f"say which server: reader account {args.action} URL" + (" --user NAME" if args.action == "add" else "")
        )
    if args.action == "remove":
        found = next((a for a in store.remote.accounts() if a["url"] == args.url), None)
        if found is None:
            return fail(f"no account at {inert(args.url)} (see `reader account list`)")
        from reader.core.secrets import forget

        store.remote.remove_account(args.url)
        forget(services.paths.data_dir, args.url, found["user"])
        print(f"removed the account at {inert(args.url)}; its feeds and articles stay")
        return 0
    if not args.user:
        return fail("say which user: reader account add URL --user NAME")
    store.check_writable()
    return _add(services, args.url, args.user, args.password_command)


def _add(services, url: str, user: str, command: str | None) -> int:
    from reader.core.ingest.greader import GReaderError
    from reader.core.secrets import SecretError, password
    from reader.services.feeds import unguarded
    from reader.services.remote import add_account

    try:
        if command:
            secret = password(services.paths.data_dir, url, user, command)
        elif sys.stdin.isatty():
            secret = getpass.getpass(f"API password for {user} at {url}: ")
        else:
            secret = read_stdin().rstrip("\n")
    except SecretError as error:
        return fail(str(error))
    if not secret:
        return fail("no password given (on stdin, or --password-command)")

    import asyncio

    try:
        said = asyncio.run(add_account(services, url, user, secret, command, unguarded))
    except GReaderError as error:
        return fail(f"not added: {error}")
    print(f"{said}; `reader sync` now goes through it")
    return 0
