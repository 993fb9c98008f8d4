"""Quizzes for new hires: blueprints, banks, grading, certification, spaced practice, phone drill."""
