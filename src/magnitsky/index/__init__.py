"""Candidate retrieval: from a query name to the few listed names worth scoring."""

from magnitsky.index.forms import NameForm, name_forms
from magnitsky.index.name_index import Candidate, NameIndex

__all__ = ["Candidate", "NameForm", "NameIndex", "name_forms"]
