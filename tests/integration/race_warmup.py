"""Imported once by the fork server of the race workers (tests/integration/races.py): the rulebook and
its quiz content are parsed there, so each forked worker starts with them cached and the workers meet
at the database together instead of each spending its first seconds reading YAML."""

from quizzes.loader import default_quiz_content
from rules.loader import default_rulebook

default_quiz_content(default_rulebook())
