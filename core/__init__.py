"""Pure domain decisions shared by every feature: roles, passwords, lockout, errors.

Nothing here imports streamlit, sqlalchemy or yaml; time comes in as an argument.
"""
