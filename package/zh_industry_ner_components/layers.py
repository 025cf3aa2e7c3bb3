"""Write the nested layer: doc.spans["sc"] = every flat entity + the spans found inside projects."""
from __future__ import annotations

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, SpanGroup

from .registration import factory


class SpanLayerMerger:
    def __init__(self, name: str, inner_key: str, output_key: str, project_label: str):
        self.name, self.inner_key, self.output_key, self.project_label = name, inner_key, output_key, project_label

    def __call__(self, doc: Doc) -> Doc:
        projects = [e for e in doc.ents if e.label_ == self.project_label]
        inner = doc.spans[self.inner_key] if self.inner_key in doc.spans else []
        # A nested span counts only inside a predicted PROJECT, and never as the whole project.
        kept = [s for s in inner
                if any(p.start <= s.start and s.end <= p.end and (s.start, s.end) != (p.start, p.end) for p in projects)]
        spans = sorted(list(doc.ents) + kept, key=lambda s: (s.start, -s.end))
        doc.spans[self.output_key] = SpanGroup(doc, name=self.output_key, spans=spans)
        return doc

    def score(self, examples, **kwargs):
        """P/R/F of the merged layer, per label, reported as spans_<output_key>_*."""
        attr = f"spans_{self.output_key}"

        def getter(doc, key):
            return doc.spans.get(key[len("spans_"):], [])

        return Scorer.score_spans(examples, attr, getter=getter, allow_overlap=True, has_annotation=lambda doc: True)


@factory(
    "merge_span_layers",
    default_config={"inner_key": "nested", "output_key": "sc", "project_label": "PROJECT"},
)
def make_layer_merger(nlp: Language, name: str, inner_key: str, output_key: str, project_label: str):
    return SpanLayerMerger(name, inner_key, output_key, project_label)
