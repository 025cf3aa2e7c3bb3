"""Tools around the zh_industry_ner spaCy pipeline: corpus, training, evaluation, annotation."""
__version__ = "0.1.0"
