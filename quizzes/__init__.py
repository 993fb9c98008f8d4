"""Quizzes for new hires: blueprints, banks, grading, certification (built with its issue)."""
