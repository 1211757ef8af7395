"""Controllers: Qt objects without widgets.

They own the running call, the checklists, the outbox sender, the summary drafts, the settings
model, ticket context lookups and scheduling links, and announce changes with their own signals.
Widgets in :mod:`callcompanion.gui` show them; nothing here imports ``QtWidgets``.
"""
