"""Centre names in rulebook texts: the examples' and the rulebook's own centre become {site}, so every
question and page names the user's own centre. Pure."""

from __future__ import annotations

import re

from quizzes.model import SITE
from rules.judge import site_names
from rules.model import Rulebook, Text


def site_free(rulebook: Rulebook, text: str, site: str | None = None) -> str:
    """The text with a literal centre name (the example's or the rulebook's own, in full or short) as
    {site}: questions name the taker's own centre."""
    suffixes = rulebook.settings.site_suffixes
    names = {n for name in (site, rulebook.settings.example_site) if name for n in site_names(name, suffixes)}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, SITE)
    return text


# English glosses spell the example centres out (Sunshine Garden Service Centre, Kerry Service Centre).
_ENGLISH_CENTRE = re.compile(
    r"\b(?:[A-Z][a-z]+ )+(?:Service Cent(?:re|er)|Garden)\b(?: Service Cent(?:re|er))?"
)


def site_free_en(text: str) -> str:
    return _ENGLISH_CENTRE.sub(SITE, text)


def with_centre(rulebook: Rulebook, text: str, centre: str, site: str | None = None) -> str:
    """A rulebook text as shown to a user: {site}, the example's and the rulebook's own centre name
    (Chinese or English) replaced by the user's centre."""
    return site_free_en(site_free(rulebook, text, site)).replace(SITE, centre)


def site_text(rulebook: Rulebook, text: Text) -> Text:
    return Text(zh=site_free(rulebook, text.zh), en=site_free_en(site_free(rulebook, text.en)))
