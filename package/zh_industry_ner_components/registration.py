"""Register spaCy functions once, whichever copy of this package is imported first.

The same code lives in the project (for training) and inside the model wheel. When both are
imported into one process, spaCy would refuse the second registration of a factory name from
another file (error E004); the first registration stands instead, both copies being the same code.
"""
from __future__ import annotations

import catalogue
from spacy.language import Language
from spacy.util import registry


def factory(name: str, **kwargs):
    def decorate(func):
        if Language.has_factory(name):
            return func
        return Language.factory(name, **kwargs)(func)
    return decorate


def function(registry_name: str, name: str):
    def decorate(func):
        reg = getattr(registry, registry_name)
        # `name in reg` would load entry points, which point back at this very code:
        # ask catalogue only about what is registered already.
        if catalogue.check_exists(*reg.namespace, name):
            return func
        return reg.register(name, func=func)
    return decorate
