"""Reading reader's Markdown export back with markdown-it-py and a YAML parser, as a tool
reading the file would: used by the tests to check that nothing typed or quoted can break
the document."""

import re

import yaml
from markdown_it import MarkdownIt


def inline_text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def recover(markdown: str) -> dict:
    assert markdown.startswith("---\n")
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
                result["highlights"][-1]["note"] = "\n".join(note_lines)
            else:
                paragraphs = [inline_text(t) for t in tokens[i:j] if t.type == "inline"]
                text = "\n\n".join(paragraphs)
                found = re.search(r" \^(hl-[a-z0-9]+)$", text)
                assert found, f"no block id at the end of {text!r}"
                result["highlights"].append({"quote": text[: found.start()], "block": found.group(1), "note": ""})
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
