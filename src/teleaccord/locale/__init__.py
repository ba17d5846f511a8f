"""Message catalogues keyed by the stable codes: errors, problems and violations in French.

English is the source text; :func:`translate` gives the French text of an error, a load
problem or a violation from its code and parameters, :func:`summary` the French summary of a
code. The language is an argument (``lang="fr"``), never a global.
"""

from teleaccord.locale.messages import LANGUAGES, format_value, summary, translate

__all__ = ["LANGUAGES", "format_value", "summary", "translate"]
