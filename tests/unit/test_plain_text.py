"""User text through ui.context.plain() reaches Streamlit's markdown inert: no markdown syntax survives,
and none of the rewrites Streamlit applies to the parsed text (bare-address links, icons, emoji,
typographic arrows) can match, while the text still reads as typed.

Streamlit renders with react-markdown and remark-gfm, then rewrites text nodes, whose escapes are
already resolved: its bundle (static/js/StreamlitMarkdown.*.js) holds the patterns copied below.
"""

import re
import string

import pytest

from ui.context import plain

JOINER, NBSP = "\u2060", "\u00a0"
# Patterns Streamlit's markdown applies to the text of the parsed tree (JavaScript's \\w is ASCII).
TEXT_REWRITES = {
    "bare web address": re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A),
    "bare mail address": re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A),
    "material icon": re.compile(r":material_(\w+):", re.A),
    "streamlit logo": re.compile(r":streamlit:"),
    "emoji": re.compile(r":[\w+-][\w_+-]*:", re.A),
    "typographic sign": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
DANGEROUS = [
    "[click me](https://evil.example/login)",
    "![x](http://evil.example/a.png)",
    "<https://evil.example>",
    "see https://evil.example/pay now",
    "http://evil.example",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE/path",
    "write to boss@evil.example",
    "**bold** __bold__ *it* _it_ ~~gone~~",
    "# heading",
    "Title\n=====",
    "Title\n-----",
    "- item\n+ item\n1. item\n2) item",
    "> quoted",
    "`code` and ```fence```",
    "    indented code",
    "\tindented code",
    "<b>html</b><script>alert(1)</script>",
    "&lt;b&gt; &#x3C;",
    "$x^2$ and $$y$$",
    ":red[red text] :blue-badge[badge] :small[x] :help[?]",
    ":smile: :+1: :material_home: :material/home: :streamlit:",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "[ref]: http://evil.example",
    "[ref]",
    "\\*escaped\\* \\",
    "3-2-1201 李先生 13812345678",
]


def source_is_escaped(markdown: str) -> bool:
    """Every ASCII punctuation character is backslash-escaped (a backslash ending a line is a hard line
    break): no markdown syntax is left."""
    index = 0
    while index < len(markdown):
        char = markdown[index]
        if char == "\\":
            if index + 1 >= len(markdown) or markdown[index + 1] not in string.punctuation + "\n":
                return False
            index += 2
            continue
        if char in string.punctuation:
            return False
        index += 1
    return True


def text_node(markdown: str) -> str:
    """The text the parser hands on: escapes and hard line breaks resolved (as CommonMark does)."""
    return re.sub(r"\\([" + re.escape(string.punctuation) + "\n])", r"\1", markdown)


def as_read(markdown: str) -> str:
    """What a reader sees: the text without the invisible joiners, indentation as spaces."""
    return text_node(markdown).replace(JOINER, "").replace(NBSP, " ")


@pytest.mark.parametrize("text", DANGEROUS)
def test_no_markdown_syntax_survives(text):
    assert source_is_escaped(plain(text)), plain(text)


@pytest.mark.parametrize("text", DANGEROUS)
def test_no_text_rewrite_can_match_the_parsed_text(text):
    parsed = text_node(plain(text))
    matched = {name for name, pattern in TEXT_REWRITES.items() if pattern.search(parsed)}
    assert matched == set(), parsed


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_text_reads_as_typed(text):
    assert as_read(plain(text)) == text.replace("\t", "    ")


def test_each_line_stays_a_line_and_indentation_never_makes_a_code_block():
    lines = plain("note\r\n    four spaces\nend").split("\n")
    assert [line.endswith("\\") for line in lines] == [True, True, False]  # hard line breaks
    assert not lines[1].startswith(" ")


def test_plain_text_stays_plain():
    assert plain("李先生 王女士") == "李先生 王女士"
