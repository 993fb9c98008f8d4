"""What the judge knows about the moment and the place an answer is given: pure, from the rulebook.

The time band and festivals of the moment, the centre's names, the rulebook's speech-to-text noise,
placeholder expansion ({site}, {time_greeting}, {festival_greeting}) and the procedure citation a
finding quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rules.greeting_calendar import festivals_in_season, festivals_on, fine_at, time_greeting_at
from rules.model import Citation, Festival, Rule, Rulebook, Speech, TimeGreeting
from rules.normalize import Normalized, normalize

SITE = "{site}"
TIME_GREETING = "{time_greeting}"
FESTIVAL_GREETING = "{festival_greeting}"


def speech_of(rule: Rule) -> Speech:
    assert rule.speech is not None  # the judge only sees speech rules
    return rule.speech


def site_names(site: str, suffixes: Iterable[str]) -> tuple[str, ...]:
    """The centre's name as staff may say it: in full, without its generic ending (at least two
    characters left), or with another generic ending. Longest first."""
    suffixes = tuple(suffixes)
    names = {site}
    for suffix in suffixes:
        base = site.removesuffix(suffix)
        if base != site and len(base) >= 2:
            names |= {base, *(base + other for other in suffixes)}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def rule_citation(rule: Rule) -> Citation:
    """What a finding of the rule quotes: its own citation, or its source items and text."""
    speech = speech_of(rule)
    if speech.cite is not None:
        return speech.cite
    items = tuple(i for i in rule.source if isinstance(i, int)) or (1,)
    return Citation(items=items, zh=rule.text.zh.rstrip("。"), en=rule.text.en.rstrip("."))


@dataclass(frozen=True)
class Context:
    rulebook: Rulebook
    at: datetime
    site: str | None
    band: TimeGreeting
    festivals: tuple[Festival, ...]  # wish expected today
    in_season: tuple[Festival, ...]  # wish fine today
    site_names: tuple[str, ...]
    _phrases: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, rulebook: Rulebook, at: datetime, site: str | None) -> Context:
        settings = rulebook.settings
        site = site.strip() if site else None
        names = site_names(site, settings.site_suffixes) if site else ()
        day = at.date()
        return cls(
            rulebook, at, site, time_greeting_at(settings, at), festivals_on(settings, day),
            festivals_in_season(settings, day), names,
        )  # fmt: skip

    def normalize(self, text: str) -> Normalized:
        settings = self.rulebook.settings
        return normalize(text, settings.fillers, [(m.heard, m.meant) for m in settings.misheard])

    def phrase(self, text: str) -> str:
        """Words as compared; remembered, as the judge asks for the same phrases often."""
        if text not in self._phrases:
            self._phrases[text] = self.normalize(text).text
        return self._phrases[text]

    @property
    def shown_site(self) -> str:
        return self.site or self.rulebook.settings.example_site

    @property
    def festival_wishes(self) -> tuple[str, ...]:
        """Wishes that fit today: those of festivals in season, minus what does not fit today's."""
        unfitting = {w for f in self.in_season for w in f.unfitting}
        wishes = (g for f in (*self.festivals, *self.in_season) for g in f.greetings)
        return tuple(w for w in dict.fromkeys(wishes) if w not in unfitting)

    @property
    def time_greetings(self) -> tuple[str, ...]:
        """The greetings that fit the hour: the band's own, then those of bands still fine."""
        bands = [self.band, *(b for b in self.rulebook.settings.time_greetings if fine_at(b, self.at))]
        return tuple(dict.fromkeys(g for b in bands for g in b.greetings))

    def greetings(self) -> tuple[str, ...]:
        """Every normalised greeting or wish of the rulebook: words a fix must not say twice."""
        settings = self.rulebook.settings
        words = ["您好", *(g for b in settings.time_greetings for g in b.greetings)]
        words += [g for f in settings.festivals for g in f.greetings]
        return tuple(p for p in dict.fromkeys(self.phrase(w) for w in words) if p)

    def expand(self, variant: str, *, due_only: bool = False) -> list[str]:
        """Every concrete, normalised phrase a variant stands for at this moment; with `due_only`,
        {festival_greeting} is only the wish of today's festival, not one merely in season."""
        due = tuple(dict.fromkeys(g for f in self.festivals for g in f.greetings))
        options = [variant]
        for placeholder, values in (
            (SITE, self.site_names),
            (TIME_GREETING, self.time_greetings),
            (FESTIVAL_GREETING, due if due_only else self.festival_wishes),
        ):
            if any(placeholder in o for o in options):
                options = [o.replace(placeholder, v) for o in options for v in values]
        return [p for p in dict.fromkeys(self.phrase(o) for o in options) if p]

    def fill(self, template: str) -> str | None:
        """A wording for this moment and site; None when it needs a festival and there is none."""
        if FESTIVAL_GREETING in template:
            if not self.festivals:
                return None
            template = template.replace(FESTIVAL_GREETING, self.festivals[0].greetings[0])
        template = template.replace(TIME_GREETING, self.band.greetings[0])
        return template.replace(SITE, self.shown_site)

    @property
    def clock(self) -> str:
        return f"{self.at:%H:%M}"
