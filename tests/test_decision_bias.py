import json

import numpy
import pytest
import spacy
from spacy.training import Example

from zhner.decision_bias import bias_sweep, bias_sweep_markdown, open_action_indices, shifted_open_actions

TEXT = "恒 岳 投 资 建 设 光 伏 产 业 园"
LABELS = ("COMPANY", "INDUSTRY")


@pytest.fixture(scope="module")
def ner_nlp():
    """An untrained NER on whitespace tokens: a large enough shift of its biases decides what it predicts."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    doc = nlp.make_doc(TEXT)
    example = Example.from_dict(doc, {"entities": [(0, 3, "COMPANY"), (12, 15, "INDUSTRY")]})
    nlp.initialize(lambda: [example])
    return nlp


def test_open_actions_are_the_begin_and_unit_moves_of_the_label(ner_nlp):
    ner = ner_nlp.get_pipe("ner")
    names = {ner.moves.get_class_name(i) for i in open_action_indices(ner, "INDUSTRY")}
    assert names == {"B-INDUSTRY", "U-INDUSTRY"}
    with pytest.raises(ValueError, match="PROJECT"):
        open_action_indices(ner, "PROJECT")


def test_a_large_shift_opens_the_label_everywhere_or_nowhere_and_is_undone(ner_nlp):
    upper = ner_nlp.get_pipe("ner").model.get_ref("upper")
    before = upper.get_param("b").copy()
    with shifted_open_actions(ner_nlp, "INDUSTRY", 1000.0):
        eager = ner_nlp(TEXT)
    with shifted_open_actions(ner_nlp, "INDUSTRY", -1000.0):
        shy = ner_nlp(TEXT)
    assert eager.ents and all(e.label_ == "INDUSTRY" for e in eager.ents)
    assert sum(len(e) for e in eager.ents) == len(eager)  # every token inside an INDUSTRY entity
    assert not any(e.label_ == "INDUSTRY" for e in shy.ents)
    numpy.testing.assert_array_equal(upper.get_param("b"), before)


def test_an_error_inside_the_block_still_restores_the_bias(ner_nlp):
    upper = ner_nlp.get_pipe("ner").model.get_ref("upper")
    before = upper.get_param("b").copy()
    with pytest.raises(RuntimeError):
        with shifted_open_actions(ner_nlp, "COMPANY", 5.0):
            raise RuntimeError("boom")
    numpy.testing.assert_array_equal(upper.get_param("b"), before)


def test_sweep_scores_each_shift_per_group(tmp_path, ner_nlp):
    ner_nlp.to_disk(tmp_path / "model")
    records = [{"id": f"{batch}-0001", "text": TEXT, "meta": {"origin": "hand"},
                "ents": [{"start": 12, "end": 15, "label": "INDUSTRY"}]} for batch in ("b01", "b02")]
    records.append({"id": "b01-0002", "text": TEXT, "meta": {"origin": "trad", "source_id": "b01-0001"},
                    "ents": []})  # a variant: not scored
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps(records[0], ensure_ascii=False), encoding="utf-8")
    report = bias_sweep([str(tmp_path / "model")], data, "INDUSTRY", [-1000.0, 0.0, 1000.0],
                        {"one": {"b01"}, "both": {"b01", "b02"}}, train)
    assert report["groups"] == {"one": 1, "both": 2}
    by_delta = {run["delta"]: run["groups"] for run in report["runs"]}
    assert by_delta[-1000.0]["both"]["label"]["predicted"] == 0
    assert by_delta[1000.0]["both"]["label"]["predicted"] > 0
    # the gold field's text is in train: it counts as seen, and nothing unseen is in the gold
    assert by_delta[-1000.0]["both"]["seen"]["support"] == 2
    assert by_delta[-1000.0]["both"]["unseen"]["support"] == 0
    markdown = bias_sweep_markdown(report)
    assert "## one (1 article)" in markdown and "| -1000 |" in markdown
