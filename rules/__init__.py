"""The conduct rulebook: content/*.yaml is the single source of truth for quizzes, checks and the judge."""

from rules.loader import RulebookInvalid, default_content_dir, default_rulebook, load_rulebook
from rules.model import Category, Rule, Rulebook, Settings, Text

__all__ = [
    "Category",
    "Rule",
    "Rulebook",
    "RulebookInvalid",
    "Settings",
    "Text",
    "default_content_dir",
    "default_rulebook",
    "load_rulebook",
]
