"""The word embedding that also reads each word's first and last character."""
import numpy
import pytest
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.strings import hash_string
from spacy.util import registry

from zh_industry_ner_components.embed import affix_hashes as norm_affix_hashes_of, norm_affix_hashes

ATTRS, ROWS = ["NORM", "LEMMA", "SHAPE"], [500, 500, 50]


def build(**kwargs):
    return registry.architectures.get("zh_industry_ner.NormAffixHashEmbed.v1")(
        width=16, attrs=ATTRS, rows=ROWS, **kwargs)


def test_affixes_are_read_from_the_simplified_gloss_free_norm(char_nlp):
    simplified, traditional, glossed = (char_nlp.make_doc(t) for t in ("产业", "產業", "產(chǎn)業(yè)"))
    assert (norm_affix_hashes(simplified) == norm_affix_hashes(traditional)).all()
    assert (norm_affix_hashes(simplified) == norm_affix_hashes(glossed)).all()
    # character tokens: first and last character are the character itself
    assert norm_affix_hashes(simplified)[0, 0] == norm_affix_hashes(simplified)[0, 1]
    assert norm_affix_hashes(simplified)[0, 0] != norm_affix_hashes(simplified)[1, 0]


def test_embedding_has_one_row_per_token_and_two_more_tables(char_nlp):
    docs = [char_nlp.make_doc("钛合金紧固件项目"), char_nlp.make_doc("")]
    model = build(affix_rows=100)
    model.initialize(X=docs[:1])
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(len(docs[0]), 16), (0, 16)]
    tables = [node for node in model.walk() if node.name.startswith("hashembed")]
    assert sorted(t.get_dim("nV") for t in tables) == sorted(ROWS + [100, 100])
    # the affix tables are trained: a backward pass reaches them
    output, backprop = model.begin_update(docs[:1])
    backprop([numpy.ones_like(output[0])])
    affix_tables = [t for t in tables if t.get_dim("nV") == 100]
    assert len(affix_tables) == 2 and all(numpy.abs(t.get_grad("E")).sum() > 0 for t in affix_tables)


def test_no_affix_rows_is_spacys_multihashembed():
    plain = build(affix_rows=0)
    reference = MultiHashEmbed(width=16, attrs=ATTRS, rows=ROWS, include_static_vectors=False)
    assert [n.name for n in plain.walk()] == [n.name for n in reference.walk()]


def test_mismatched_rows_are_refused():
    with pytest.raises(ValueError, match="Mismatched"):
        registry.architectures.get("zh_industry_ner.NormAffixHashEmbed.v1")(
            width=16, attrs=ATTRS, rows=[10], affix_rows=10)


def test_affix_lengths_add_the_first_and_last_k_characters():
    hashes = norm_affix_hashes_of(["氮化硅", "钢"], lengths=(1, 2))
    assert hashes.shape == (2, 4)
    first1, last1, first2, last2 = hashes[0]
    assert (first1, last1) == tuple(norm_affix_hashes_of(["氮化硅"])[0])
    assert (first2, last2) == (hash_string("氮化"), hash_string("化硅"))
    # a norm shorter than k: its whole text, in both columns
    assert hashes[1, 2] == hashes[1, 3] == hash_string("钢")


def test_affix_lengths_add_two_tables_per_length(char_nlp):
    docs = [char_nlp.make_doc("钛合金紧固件项目")]
    model = build(affix_rows=100, affix_lengths=[1, 2])
    model.initialize(X=docs)
    tables = [node for node in model.walk() if node.name.startswith("hashembed")]
    assert sorted(t.get_dim("nV") for t in tables) == sorted(ROWS + [100] * 4)
    assert model.predict(docs)[0].shape == (len(docs[0]), 16)


@pytest.mark.parametrize("name", ["zh_industry_ner.NormAffixHashEmbed.v1", "zh_industry_ner.NormAffixLexiconEmbed.v1"])
def test_defaults_pass_config_validation(name):
    # A default of the wrong type passes a direct call but fails every config that leaves it out.
    block = {"@architectures": name, "width": 16, "attrs": ATTRS, "rows": ROWS}
    registry.resolve({"embed": block}, validate=True)
