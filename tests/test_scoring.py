"""Span scoring and the share of gold span edges a tokenizer keeps."""
import spacy

from zhner.scoring import Tally, token_edge_agreement

NLP = spacy.blank("zh")


def words(*pieces):
    return lambda text: spacy.tokens.Doc(NLP.vocab, words=list(pieces), spaces=[False] * len(pieces))


RECORD = {"text": "恒岳科技签约", "ents": [{"start": 0, "end": 4, "label": "COMPANY"}],
          "spans": [{"start": 0, "end": 2, "label": "COMPANY"}]}


def test_edges_inside_a_token_are_counted_as_lost():
    kept = token_edge_agreement(words("恒岳", "科技", "签约"), [RECORD])
    assert kept == {"overall": 1.0, "edges": 4, "by_label": {"COMPANY": 1.0}}
    lost = token_edge_agreement(words("恒", "岳科", "技签约"), [RECORD])
    assert lost["overall"] == 0.5  # both spans start at 0, a token edge; their ends 2 and 4 are inside tokens
    assert lost["edges"] == 4


def test_tally_scores_per_label_and_micro():
    tally = Tally()
    tally.add({(0, 2, "COMPANY"), (3, 5, "AMOUNT")}, {(0, 2, "COMPANY"), (3, 6, "AMOUNT")})
    scores = tally.scores()
    assert scores["per_label"]["COMPANY"]["f"] == 1.0
    assert scores["per_label"]["AMOUNT"]["f"] == 0.0
    assert scores["micro"]["p"] == scores["micro"]["r"] == 0.5
