"""Shift self-checks built from the rulebook: shifts, scoring, corrective actions, spot checks, roster.

Pure modules (no streamlit, sqlalchemy or yaml): `settings`, `shifts`, `scoring`, `actions`.
At the edge: `loader` (YAML via content.source), `tables` and `queries` (SQLAlchemy), and one service per
use case: `self_checks`, `roster`, `spot_checks`, `corrective_actions`, `check_board`, `analytics`;
they share `check_records` (writing and reading one check) and `service_helpers` (settings, look-ups).
"""
