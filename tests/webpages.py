"""Real-shaped article pages for the web tests and the extraction benchmark: the article
text is known, and each page wraps it in the boilerplate real sites have (cookie banners,
navigation, share buttons, newsletter boxes, related links, comments, footers, scripts),
in several layouts, languages and character sets.

An article is a dict: title, author, date, site, lang, charset, and `blocks`: a list of
paragraph strings, ("h2", text), ("ul", [items]) or ("quote", text)."""

from __future__ import annotations

import html
import json

ARTICLES = [
    {
        "slug": "belarus-weapons",
        "lang": "en",
        "charset": "utf-8",
        "site": "Daily Ledger",
        "title": "Belarus expects big shipment of Russian weapons, leader says",
        "author": "Yuras Karmanau",
        "date": "2021-10-01",
        "blocks": [
            "Belarus' authoritarian leader said Friday that his country expects to receive a big shipment of Russian "
            "weapons before the end of the year, including dozens of warplanes, helicopters and air defence systems.",
            "Alexander Lukashenko made the statement during a visit to a military plant near Minsk. He said the weapons "
            "would cost about $1 billion, and that Belarus would pay for them partly with a Russian loan.",
            ("h2", "A closer alliance"),
            "The two countries have been drawing closer as the West has put pressure on Minsk over its crackdown on "
            "protests that followed last year's disputed election. Moscow has offered political and financial support.",
            ("ul", ["Su-30SM fighter jets", "Mi-35 attack helicopters", "Tor-M2 air defence systems"]),
            (
                "quote",
                "We will buy what we need to defend our country, and nobody will tell us otherwise, "
                "Lukashenko told workers at the plant.",
            ),
            "Russia and Belarus have a union agreement that envisages close political, economic and military ties, "
            "but the two nations have often had disputes. Last month they held large joint military exercises.",
            "Western analysts said the shipment would deepen Minsk's dependence on Moscow at a time when its economy "
            "is struggling under sanctions imposed by the European Union, the United States and Britain.",
        ],
    },
    {
        "slug": "rates-hold",
        "lang": "en",
        "charset": "utf-8",
        "site": "The Market Post",
        "title": "Central bank holds interest rates as inflation cools",
        "author": "Priya Raman",
        "date": "2024-03-21",
        "blocks": [
            "The central bank kept its benchmark interest rate unchanged at 5.25% on Thursday, saying inflation had "
            "fallen faster than expected but that it was too early to declare victory over rising prices.",
            "Policymakers voted seven to two to hold rates, with two members backing an immediate cut of a quarter "
            "point. Markets had expected the decision, and the pound was little changed after the announcement.",
            "Inflation fell to 3.4% in February, its lowest level in more than two years, helped by lower energy and "
            "food prices. The bank said it expected inflation to drop close to its 2% target in the spring.",
            ("h2", "What happens next"),
            'Economists said a first cut could come as early as June if wage growth continued to slow. "The direction '
            'of travel is clear," said one analyst, "but the bank wants more evidence before it moves."',
            "Mortgage lenders have already begun trimming fixed rates in anticipation, offering some relief to "
            "households who have faced sharply higher borrowing costs over the past two years.",
        ],
    },
    {
        "slug": "marathon",
        "lang": "en",
        "charset": "iso-8859-1",
        "site": "Harbour Gazette",
        "title": "Record field for the harbour marathon despite the rain",
        "author": "Tom O'Neill",
        "date": "2019-04-14",
        "blocks": [
            "More than twelve thousand runners crossed the start line on Sunday morning, a record for the harbour "
            "marathon, despite heavy rain that fell for most of the race.",
            "The men's race was won by Daniel Kiprop in two hours, eleven minutes, while Marie Dubois took the "
            "women's title in a course record, shaving almost a minute off the mark set in 2015.",
            "Organisers said the café stalls along the seafront had run out of coffee by ten o'clock, and thanked the "
            "volunteers who handed out more than forty thousand bottles of water.",
            "Next year's race will follow a new route through the old town, which the council says will ease "
            "congestion on the ring road and let more spectators watch the finish.",
        ],
    },
    {
        "slug": "budget-fr",
        "lang": "fr",
        "charset": "utf-8",
        "site": "Le Quotidien du Centre",
        "title": "Le gouvernement présente un budget de rigueur pour l'année prochaine",
        "author": "Claire Martin",
        "date": "2023-09-27",
        "blocks": [
            "Le gouvernement a présenté mercredi en Conseil des ministres un projet de budget marqué par la volonté de "
            "réduire le déficit public, tout en maintenant les dépenses consacrées à la transition écologique.",
            "Le ministre de l'Économie a défendu un texte « responsable », qui prévoit seize milliards d'euros "
            "d'économies, notamment sur les aides aux entreprises et le fonctionnement de l'État.",
            ("h2", "Les collectivités inquiètes"),
            "Les associations d'élus locaux ont aussitôt dénoncé une baisse des dotations qui, selon elles, mettra en "
            "difficulté de nombreuses communes rurales déjà confrontées à la hausse des prix de l'énergie.",
            "Le texte sera examiné à l'Assemblée nationale à partir du mois d'octobre. Faute de majorité absolue, "
            "l'exécutif pourrait de nouveau recourir à l'article 49.3 de la Constitution pour le faire adopter.",
        ],
    },
    {
        "slug": "bahn-de",
        "lang": "de",
        "charset": "utf-8",
        "site": "Rheinische Rundschau",
        "title": "Bahn kündigt Milliardeninvestitionen in das Schienennetz an",
        "author": "Jürgen Weiß",
        "date": "2022-11-08",
        "blocks": [
            "Die Deutsche Bahn will in den kommenden zehn Jahren deutlich mehr Geld in die Modernisierung ihres "
            "Schienennetzes stecken. Das kündigte der Konzern am Dienstag in Berlin an.",
            "Besonders stark belastete Strecken sollen ab 2024 nacheinander generalsaniert werden. Während der "
            "Bauarbeiten werden die Abschnitte für mehrere Monate vollständig gesperrt.",
            "Fahrgastverbände begrüßten die Pläne grundsätzlich, warnten aber vor langen Umleitungen und überfüllten "
            "Ersatzbussen. Auch der Güterverkehr müsse während der Sperrungen zuverlässig planen können.",
            "Die Bundesregierung hat zugesagt, einen großen Teil der Kosten zu übernehmen. Wie viel genau, soll im "
            "Haushalt für das kommende Jahr festgelegt werden.",
        ],
    },
    {
        "slug": "sequia-es",
        "lang": "es",
        "charset": "utf-8",
        "site": "Diario del Sur",
        "title": "La sequía obliga a restringir el riego en tres comarcas",
        "author": "Lucía Fernández",
        "date": "2023-05-02",
        "blocks": [
            "La confederación hidrográfica ha aprobado este martes nuevas restricciones al riego en tres comarcas "
            "agrícolas, después de un invierno con lluvias muy por debajo de la media.",
            "Los embalses de la cuenca se encuentran al veintiocho por ciento de su capacidad, el nivel más bajo "
            "registrado en esta época del año desde que existen datos.",
            "Las organizaciones agrarias calculan que las pérdidas podrían superar los doscientos millones de euros "
            "y piden ayudas urgentes para los agricultores más afectados.",
        ],
    },
    {
        "slug": "moskva-ru",
        "lang": "ru",
        "charset": "windows-1251",
        "site": "Городские новости",
        "title": "В Москве открылась новая линия метро",
        "author": "Анна Смирнова",
        "date": "2023-03-01",
        "blocks": [
            "В среду в Москве открылась новая линия метро, которая соединила несколько спальных районов с центром "
            "города. Первые пассажиры прошли через турникеты в шесть часов утра.",
            "По словам городских властей, новая линия разгрузит соседние станции и сократит время в пути для "
            "сотен тысяч жителей. Строительство заняло почти семь лет.",
            "Эксперты отмечают, что в ближайшие годы город планирует продолжить расширение сети, уделяя особое "
            "внимание пересадкам между метро и пригородными поездами.",
        ],
    },
    {
        "slug": "tokyo-ja",
        "lang": "ja",
        "charset": "shift_jis",
        "site": "東都新聞",
        "title": "東京都、新しい交通計画を発表",
        "author": "山田太郎",
        "date": "2022-06-10",
        "blocks": [
            "東京都は金曜日、都心の渋滞を減らすための新しい交通計画を発表した。計画では、バス専用レーンの拡大と自転車道の整備が柱となる。",
            "都の担当者は記者会見で、今後五年間で自転車道を二倍に増やす方針を明らかにした。費用はおよそ三百億円と見込まれている。",
            "一方、商店街の関係者からは、荷物の搬入に支障が出るのではないかとの懸念の声も上がっている。都は説明会を開いて意見を聞くとしている。",
        ],
    },
    {
        "slug": "athens-el",
        "lang": "el",
        "charset": "iso-8859-7",
        "site": "Η Εφημερίδα",
        "title": "Νέο αρχαιολογικό εύρημα στην Αθήνα",
        "author": "Μαρία Παπαδοπούλου",
        "date": "2021-07-19",
        "blocks": [
            "Αρχαιολόγοι ανακάλυψαν τμήμα αρχαίου δρόμου κατά τη διάρκεια εργασιών για την κατασκευή νέου σταθμού "
            "του μετρό στο κέντρο της Αθήνας.",
            "Σύμφωνα με το υπουργείο Πολιτισμού, τα ευρήματα χρονολογούνται στην κλασική εποχή και θα εκτεθούν "
            "μέσα στον σταθμό μόλις ολοκληρωθούν οι εργασίες.",
            "Οι κάτοικοι της περιοχής εκφράζουν ικανοποίηση, αν και ανησυχούν για τις καθυστερήσεις στο έργο.",
        ],
    },
]


def article(slug: str) -> dict:
    return next(a for a in ARTICLES if a["slug"] == slug)


def paragraphs(a: dict) -> list[str]:
    """The article's blocks as text: each paragraph, heading, list item and quote."""
    out = []
    for block in a["blocks"]:
        if isinstance(block, str):
            out.append(block)
        elif block[0] == "ul":
            out.extend(block[1])
        else:
            out.append(block[1])
    return out


def known_text(a: dict) -> str:
    """The article's text as a reader should get it: title, then each block."""
    return "\n\n".join([a["title"], *paragraphs(a)])


def _blocks_html(a: dict, style: str) -> str:
    out = []
    for i, block in enumerate(a["blocks"]):
        if isinstance(block, str):
            if style == "legacy":
                out.append(f"{html.escape(block)}<br><br>")
            else:
                out.append(f"<p>{html.escape(block)}</p>")
        elif block[0] == "h2":
            out.append(f"<h2>{html.escape(block[1])}</h2>")
        elif block[0] == "ul":
            out.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in block[1]) + "</ul>")
        else:
            out.append(f"<blockquote><p>{html.escape(block[1])}</p></blockquote>")
        if style == "magazine" and i == 1:
            out.append(
                '<div class="newsletter-signup"><h3>Get our morning briefing</h3><p>Sign up for free and get '
                'the news that matters in your inbox every morning.</p><form><input type="email" '
                'placeholder="Your email"><button>Subscribe</button></form></div>'
            )
        if style == "magazine" and i == 2:
            out.append(
                '<p class="read-more"><strong>Read more:</strong> <a href="/other">Ten things we learned this '
                "week about the economy</a></p>"
            )
    return "\n".join(out)


def _head(a: dict, url: str, charset_meta: str) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": a["date"],
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": a["site"]},
    }
    return f"""<head>
{charset_meta}
<title>{html.escape(a["title"])} | {html.escape(a["site"])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{html.escape(url)}">
<meta property="og:title" content="{html.escape(a["title"])}">
<meta property="og:site_name" content="{html.escape(a["site"])}">
<meta property="og:url" content="{html.escape(url)}">
<meta name="author" content="{html.escape(a["author"])}">
<meta property="article:published_time" content="{a["date"]}T08:30:00Z">
<link rel="alternate" type="application/rss+xml" title="{html.escape(a["site"])}" href="/feed.xml">
<link rel="stylesheet" href="/static/site.css">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>"""


_COMMENTS = """<section id="comments" class="comments"><h3>3 comments</h3>
<div class="comment"><span class="comment-author">reader42</span><p>Great piece, thanks. Shared it with my whole family this morning.</p></div>
<div class="comment"><span class="comment-author">J. Smith</span><p>I disagree with almost everything here but it was an interesting read.</p></div>
<div class="comment"><span class="comment-author">bargains4u</span><p>Check out my website for cheap flights and amazing hotel deals!!!</p></div>
<form class="comment-form"><textarea placeholder="Leave a comment"></textarea><button>Post comment</button></form></section>"""

_RELATED = """<aside class="related"><h3>More stories</h3><ul>
<li><a href="/s/1">Council approves new cycle lanes after long debate</a></li>
<li><a href="/s/2">Five recipes for a quick weeknight dinner</a></li>
<li><a href="/s/3">Local team reaches the cup final for the first time</a></li>
<li><a href="/s/4">Weather: a week of sunshine ahead, forecasters say</a></li></ul></aside>"""

_NAV = """<header class="site-header"><a class="logo" href="/">{site}</a><nav><ul>
<li><a href="/news">News</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav><form class="search"><input name="q" placeholder="Search"></form></header>"""

_COOKIES = """<div id="cookie-consent" class="cookie-banner" role="dialog"><p>We and our partners use cookies to
personalise content and ads and to analyse our traffic. By clicking Accept you agree to this.</p>
<button>Accept all</button><button>Manage preferences</button></div>"""

_SHARE = """<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email</a> <a href="#">Copy link</a></div>"""

_FOOTER = """<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>&copy; 2024 {site}. All rights reserved. No part of this site may be reproduced without permission.</p></footer>
<script src="/static/app.js"></script>"""


def page(a: dict, url: str, style: str = "newsroom") -> bytes:
    """The article as a whole page in one of the layouts: newsroom, blog, legacy, magazine.
    Encoded in the article's charset (declared in the page)."""
    site = html.escape(a["site"])
    charset = a["charset"]
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if style == "legacy"
        else f'<meta charset="{charset}">'
    )
    head = _head(a, url, meta)
    title = html.escape(a["title"])
    byline = f'<p class="byline">By <a href="/authors/x">{html.escape(a["author"])}</a> · {a["date"]}</p>'
    body = _blocks_html(a, style)
    if style == "newsroom":
        main = f"""{_COOKIES}{_NAV.format(site=site)}<main><article class="story">
<h1>{title}</h1>{byline}{_SHARE}
<figure><img src="/img/lead.jpg" alt=""><figcaption>Photo: agency</figcaption></figure>
<div class="story-body">{body}</div>{_SHARE}</article>{_RELATED}{_COMMENTS}</main>{_FOOTER.format(site=site)}"""
    elif style == "blog":
        main = f"""<div id="page" class="site">{_NAV.format(site=site)}<div id="content" class="site-content">
<div id="primary" class="content-area"><div class="post type-post hentry">
<div class="entry-header"><h1 class="entry-title">{title}</h1><div class="entry-meta">Posted on {a["date"]} by {html.escape(a["author"])}</div></div>
<div class="entry-content">{body}</div>
<div class="sharedaddy"><h3>Share this:</h3>{_SHARE}</div>
<div class="entry-footer">Categories: <a href="/c/news">News</a>, <a href="/c/local">Local</a></div></div>
{_COMMENTS}</div>
<div id="secondary" class="widget-area"><div class="widget"><h2>Recent posts</h2><ul><li><a href="/p/1">Hello world</a></li>
<li><a href="/p/2">Our summer fair is back</a></li></ul></div><div class="widget"><h2>Archives</h2><ul><li><a href="/2024/01">January 2024</a></li></ul></div></div>
</div>{_FOOTER.format(site=site)}</div>"""
    elif style == "legacy":
        main = f"""<table width="100%" border="0"><tr><td colspan="2"><font size="5"><b>{site}</b></font><br>
<a href="/">Home</a> | <a href="/archive">Archive</a> | <a href="/links">Links</a></td></tr>
<tr><td width="160" valign="top"><a href="/a">Previous issues</a><br><a href="/b">Contact the editor</a><br><a href="/c">Guestbook</a></td>
<td valign="top"><h1>{title}</h1><i>{html.escape(a["author"])}, {a["date"]}</i><br><br>
{body}
</td></tr><tr><td colspan="2"><font size="1">Copyright {site}. Best viewed at 1024x768.</font></td></tr></table>"""
    else:  # magazine
        main = f"""{_COOKIES}{_NAV.format(site=site)}<div class="paywall-note">You have 3 free articles left this month. <a href="/subscribe">Subscribe</a></div>
<article><header><h1>{title}</h1>{byline}</header>{_SHARE}<section class="article-body">{body}</section>
<div class="tags">Topics: <a href="/t/a">Politics</a> <a href="/t/b">Economy</a></div></article>
{_RELATED}{_FOOTER.format(site=site)}"""
    document = f'<!DOCTYPE html>\n<html lang="{a["lang"]}">{head}<body>{main}</body></html>'
    return document.encode(charset, errors="xmlcharrefreplace")


STYLES = ("newsroom", "blog", "legacy", "magazine")


def rss(title: str, site: str, items: list[dict], base: str = "") -> bytes:
    """RSS 2.0: items are dicts with title, link, guid, and optional description/content/date."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{html.escape(title)}</title><link>{html.escape(site)}</link><description>News</description>"
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{html.escape(item['title'])}</title>")
        if item.get("link"):
            parts.append(f"<link>{html.escape(item['link'])}</link>")
        if item.get("guid"):
            parts.append(f'<guid isPermaLink="false">{html.escape(item["guid"])}</guid>')
        if item.get("date"):
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("description"):
            parts.append(f"<description>{html.escape(item['description'])}</description>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(title: str, items: list[dict], base: str | None = None) -> bytes:
    """Atom 1.0, optionally with xml:base (so links may be relative)."""
    xml_base = f' xml:base="{html.escape(base)}"' if base else ""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{xml_base}>'
        f"<title>{html.escape(title)}</title><id>urn:feed:{html.escape(title)}</id><updated>2024-01-01T00:00:00Z</updated>"
    ]
    for item in items:
        parts.append(
            f"<entry><title>{html.escape(item['title'])}</title><id>{html.escape(item['guid'])}</id>"
            f"<updated>{item.get('date', '2024-01-01T00:00:00Z')}</updated>"
        )
        if item.get("link"):
            parts.append(f'<link rel="alternate" href="{html.escape(item["link"])}"/>')
        if item.get("content"):
            parts.append(f'<content type="html">{html.escape(item["content"])}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def serve_feed(server, slugs, title: str = "Loop News") -> str:
    """Serve these articles and an RSS feed of them from a Loopback server; the feed's URL."""
    items = []
    for slug in slugs:
        path = f"/news/{slug}"
        server.add(path, page(article(slug), server.url(path), "newsroom"))
        items.append({"title": article(slug)["title"], "link": server.url(path), "guid": slug})
    return server.add("/rss.xml", rss(title, server.url("/"), items), content_type="application/rss+xml")


def serve_feeds(sites, feeds: int, entries: int) -> list[str]:
    """`feeds` feeds of `entries` entries each, every entry a page of its own, spread over `sites`
    (Loopback servers); the feeds' URLs."""
    urls = []
    for n in range(feeds):
        site = sites[n % len(sites)]
        items = []
        for e in range(entries):
            story = ARTICLES[(n + e) % len(ARTICLES)]
            path = f"/f{n}/e{e}/{story['slug']}"
            site.add(path, page(story, site.url(path)))
            items.append({"title": f"{story['title']} ({n}.{e})", "link": site.url(path), "guid": f"{n}-{e}"})
        urls.append(
            site.add(f"/f{n}/rss.xml", rss(f"Feed {n}", site.url("/"), items), content_type="application/rss+xml")
        )
    return urls
