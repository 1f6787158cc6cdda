"""Candidate retrieval: from a query name to the few listed names worth scoring."""

from magnitsky.index.forms import (
    NameForm,
    generated_forms,
    made_of_syllables,
    name_forms,
    written_word_for_word,
)
from magnitsky.index.name_index import Candidate, NameIndex

__all__ = [
    "Candidate",
    "NameForm",
    "NameIndex",
    "generated_forms",
    "made_of_syllables",
    "name_forms",
    "written_word_for_word",
]
