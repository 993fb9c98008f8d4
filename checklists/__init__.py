"""Shift self-checks built from the rulebook: shifts, scoring, corrective actions, spot checks, roster.

Pure modules (no streamlit, sqlalchemy or yaml): `settings`, `shifts`, `scoring`, `actions`.
At the edge: `loader` (YAML via rules.source), `tables` and `queries` (SQLAlchemy), `service`.
"""
