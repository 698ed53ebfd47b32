"""Work plans (工作要点): the bureau's annual plan turned into tracked tasks, targets and 督查督办.

``planning.parser`` is the pure-Python parser that reads a plan document; the Django models, services and
pages of the 督查督办 workflow live beside it in this app.
"""
