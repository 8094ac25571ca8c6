"""Reading reader's Markdown export back with markdown-it-py and a YAML parser, as a tool
reading the file would: used by the tests to check that nothing typed or quoted can break
the document."""

import re

import yaml
from markdown_it import MarkdownIt

from reader.core.notes.writing import BEGIN, END

REGION = (BEGIN, END)


def inline_text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def recover(markdown: str) -> dict:
    # reader's region markers (Obsidian comments) hold no content of their own
    markdown = "".join(line for line in markdown.splitlines(True) if line.strip() not in REGION)
    assert markdown.startswith("---\n") and markdown.count("\n---\n") == 1  # one front matter
    end = markdown.index("\n---\n", 3)
    front = yaml.safe_load(markdown[4:end])
    rest = markdown[end + 5 :]
    lines = rest.split("\n")
    tokens = MarkdownIt("commonmark").parse(rest)
    result = {"front": front, "title": None, "highlights": []}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.tag == "h1" and result["title"] is None:
            result["title"] = inline_text(tokens[i + 1])
            i += 3
            continue
        if token.type == "heading_open" and token.tag == "h2":  # an article's section in a longer document
            result.setdefault("sections", []).append(inline_text(tokens[i + 1]))
            i += 3
            continue
        if token.type == "blockquote_open" and token.level == 0:
            start, stop = token.map
            depth, j = 0, i
            while True:  # find the matching close
                if tokens[j].type == "blockquote_open":
                    depth += 1
                elif tokens[j].type == "blockquote_close":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            source = []
            for line in lines[start:stop]:  # the block's own lines (the map may take a blank line after)
                if not line.startswith(">"):
                    break
                source.append(line)
            if source[0] == "> [!note]":
                note_lines = [line[2:] if line.startswith("> ") else line[1:] for line in source[1:]]
                if result["highlights"]:
                    result["highlights"][-1]["note"] = "\n".join(note_lines)
                else:  # before any highlight: the article's own note
                    result["note"] = "\n".join(note_lines)
            else:
                paragraphs = [inline_text(t) for t in tokens[i:j] if t.type == "inline"]
                text = "\n\n".join(paragraphs)
                found = re.search(r" \^(hl-[a-z0-9]+)$", text)
                assert found, f"no block id at the end of {text!r}"
                result["highlights"].append(
                    {"quote": text[: found.start()], "block": found.group(1), "note": "", "tags": []}
                )
            i = j + 1
            continue
        if (
            token.type == "paragraph_open"
            and token.level == 0
            and result["highlights"]
            and "meta" not in result["highlights"][-1]
        ):
            meta = inline_text(tokens[i + 1])
            current = result["highlights"][-1]
            current["meta"] = meta
            current["tags"] = []
            for part in meta.split(" · "):
                if part.startswith("Tags: "):
                    current["tags"] = [tag[1:] for tag in part[len("Tags: ") :].split(" ")]
                if part.startswith("Colour: "):
                    current["colour"] = part[len("Colour: ") :]
            i += 3
            continue
        i += 1
    return result


def same_with_plugins(markdown: str) -> None:
    """Front matter and footnotes on (as Obsidian and many tools read Markdown): one front
    matter, at the top, holding the same fields; no footnote appears; the rest parses to the
    same blocks and text as plain CommonMark gives."""
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).parse(markdown)
    assert [t.type for t in tokens].count("front_matter") == 1 and tokens[0].type == "front_matter"
    end = markdown.index("\n---\n", 3)
    assert yaml.safe_load(tokens[0].content) == yaml.safe_load(markdown[4:end])
    assert not any(t.type.startswith("footnote") for t in tokens)
    plain = MarkdownIt("commonmark").parse(markdown[end + 5 :])

    def shape(found):
        return [(t.type, t.tag, t.content if t.type == "inline" else "") for t in found]

    assert shape(tokens[1:]) == shape(plain)
