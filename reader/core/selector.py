"""A feed's `--selector`: the part of its pages that is the article, as CSS (Miniflux's scraper
rules), for the sites the extractor reads wrong. cssselect turns it into the XPath lxml runs."""

from __future__ import annotations


def check_selector(selector: str) -> str:
    """`selector` if it is CSS reader can use (ValueError saying why, if not)."""
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as error:
        raise ValueError(f"{selector!r} is not a CSS selector reader can use ({error})") from None
    return selector


def select(source: str | bytes, selector: str) -> str | None:
    """The page with only the parts `selector` finds in its body (its head kept, for the title,
    author and date), or None if it finds nothing."""
    import lxml.html
    from cssselect import GenericTranslator

    try:
        root = lxml.html.document_fromstring(source)
        found = root.xpath(GenericTranslator().css_to_xpath(selector))
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    found = [element for element in found if isinstance(element, lxml.html.HtmlElement)]
    if not found:
        return None
    head = root.find("head")
    inside = "".join(lxml.html.tostring(element, encoding="unicode") for element in found)
    head_html = lxml.html.tostring(head, encoding="unicode") if head is not None else ""
    return f"<html>{head_html}<body><article>{inside}</article></body></html>"
