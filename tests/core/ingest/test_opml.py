"""OPML in and out: the shapes the common feed readers export, and hostile files."""

import pytest

from reader.core.ingest.opml import OpmlError, read_opml, write_opml

# as `newsboat -e` writes it: OPML 1.0, flat
NEWSBOAT = b"""<?xml version="1.0"?>
<opml version="1.0">
  <head><title>newsboat - Exported Feeds</title></head>
  <body>
    <outline type="rss" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net" title="LWN.net"/>
    <outline type="rss" xmlUrl="https://example.org/atom.xml" htmlUrl="" title=""/>
  </body>
</opml>"""

# Feedly and Inoreader: OPML 1.0, one level of folders with text and title
FEEDLY = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Me subscriptions in feedly Cloud</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline type="rss" text="Ars Technica" title="Ars Technica" xmlUrl="https://feeds.arstechnica.com/arstechnica/index" htmlUrl="https://arstechnica.com"/>
    </outline>
    <outline text="News" title="News">
      <outline type="rss" text="BBC News" title="BBC News" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" htmlUrl="https://www.bbc.co.uk/news"/>
      <outline type="rss" text="Ars again" title="Ars again" xmlUrl="https://feeds.arstechnica.com/arstechnica/index"/>
    </outline>
  </body>
</opml>"""

# NetNewsWire: OPML 1.1, nested folders, text only on folders
NETNEWSWIRE = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.1">
<head><title>Subscriptions-OnMyMac.opml</title></head>
<body>
<outline text="Reading">
  <outline text="Deep">
    <outline text="Daring Fireball" title="Daring Fireball" description="" type="rss" version="RSS" htmlUrl="https://daringfireball.net/" xmlUrl="https://daringfireball.net/feeds/main"/>
  </outline>
  <outline text="Empty folder"></outline>
</outline>
</body>
</opml>"""

# Miniflux and FreshRSS: OPML 2.0, categories; FreshRSS adds its own namespace
FRESHRSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
  <head><title>FreshRSS</title><dateCreated>Fri, 04 Dec 2026 10:00:00 +0000</dateCreated></head>
  <body>
    <outline text="Science">
      <outline text="Quanta" type="rss" xmlUrl="https://www.quantamagazine.org/feed/" htmlUrl="https://www.quantamagazine.org" description="" frss:cssFullContent="article"/>
      <outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/>
      <outline text="No address" type="rss"/>
    </outline>
  </body>
</opml>"""


def test_the_exports_of_common_readers_read_right():
    found = read_opml(NEWSBOAT)
    assert [(f.url, f.title, f.folders, f.site) for f in found.outlines] == [
        ("https://lwn.net/headlines/rss", "LWN.net", [], "https://lwn.net"),
        ("https://example.org/atom.xml", "", [], None),  # no title: the feed's own, at the first sync
    ]
    found = read_opml(FEEDLY)  # a feed filed under two folders is in both
    assert [(f.title, f.folders) for f in found.outlines] == [
        ("Ars Technica", ["Tech", "News"]),
        ("BBC News", ["News"]),
    ]
    found = read_opml(NETNEWSWIRE)
    assert [(f.title, f.folders) for f in found.outlines] == [("Daring Fireball", ["Reading/Deep"])]
    assert found.folders == ["Reading", "Reading/Deep", "Reading/Empty folder"]  # the empty one kept
    found = read_opml(FRESHRSS)
    assert [(f.url, f.folders) for f in found.outlines] == [("https://www.quantamagazine.org/feed/", ["Science"])]
    assert found.skipped == [
        "file:///etc/passwd: skipped, only http and https feeds are followed",
        "No address: skipped, it has no xmlUrl",
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://example.org/rss"/></body></opml>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://example.org/rss"/></body></opml>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE])
def test_entities_and_dtds_are_refused(data):
    with pytest.raises(OpmlError, match="declares a DTD or entities"):
        read_opml(data)


@pytest.mark.parametrize(
    "data, message",
    [(b"<opml><body>", "not well-formed XML"), (b"<rss version='2.0'><channel/></rss>", "not an OPML file")],
)
def test_what_is_not_opml_says_so(data, message):
    with pytest.raises(OpmlError, match=message):
        read_opml(data)


def test_titles_lose_terminal_escapes():
    # XML 1.0 has no ESC or BEL, but it has the C1 controls: CSI (U+009B) starts a sequence too
    feeds = read_opml(
        b'<opml version="2.0"><body><outline text="Evil&#155;2J" xmlUrl="https://e.org/rss"/></body></opml>'
    ).outlines
    assert "\x9b" not in feeds[0].title and feeds[0].title.startswith("Evil")


def test_export_then_import_keeps_titles_sites_and_folders_empty_ones_too():
    followed = [
        {"url": "https://a.org/rss", "title": "A & B <news>", "site": "https://a.org", "folders": ["Reading/Deep"]},
        {"url": "https://c.org/feed", "title": "C", "site": None, "folders": []},
        {"url": "https://d.org/feed", "title": "D", "site": None, "folders": ["Reading", "Later"]},
    ]
    text = write_opml(followed, ["Empty", "Reading/Quiet"])
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">')
    found = read_opml(text.encode())
    assert not found.skipped
    assert sorted((f.url, f.title, f.site, f.folders) for f in found.outlines) == sorted(
        (f["url"], f["title"], f["site"], f["folders"]) for f in followed
    )
    assert {"Empty", "Reading/Quiet", "Reading", "Reading/Deep", "Later"} == set(found.folders)
