"""Signals of the registry for the apps above it (they may not be imported from here).

``data_changed`` is sent when registry rows were written without model signals (an import writes in bulk):
``counties`` is the set of county ids touched, or ``None`` when it may be any; ``schools`` (county id →
school ids), when given, says that only those schools' rows were written. The indicators app
recomputes on it (and on the model signals of single edits).
"""

from django.dispatch import Signal

data_changed = Signal()
