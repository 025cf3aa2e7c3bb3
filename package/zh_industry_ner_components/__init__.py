"""Runtime code of the zh_industry_ner pipeline: tokenizer, suggester, layer merger, amount values,
numpy matrix products.

This package is installed with the project (for training) and copied into the model wheel
(so `spacy.load("zh_industry_ner")` needs nothing else). Importing it registers everything.
"""
from . import amounts, embed, field_cues, layers, matmul, name_aliases, suggester, tokenizer  # noqa: F401  (import registers)

__all__ = ["amounts", "embed", "field_cues", "layers", "matmul", "name_aliases", "suggester", "tokenizer"]
