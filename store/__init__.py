"""Data layer: engine, tables, migrations, the change history and the account services."""
