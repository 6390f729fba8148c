"""The fixed words of the document templates, in French and English (issue 15).

The data builders put their own ``words`` in each document's dict; the renderer fills any key
they do not give from here, so a template never fails on a missing word and a template
override can use every key listed here. They are the builders' own words
(``homeops.rules.document_words.WORDS``): one wording, not two that drift apart.
"""

from __future__ import annotations

from homeops.rules.document_words import WORDS

DEFAULT_WORDS: dict[str, dict[str, str]] = {lang: dict(words) for lang, words in WORDS.items()}
