"""The pipeline multiplies matrices with numpy's BLAS (zh_industry_ner_components.matmul)."""
import numpy
import spacy
from thinc.api import NumpyOps

from zh_industry_ner_components.matmul import use_numpy_matmul


def layer_ops(nlp):
    return [layer.ops for _, c in nlp.components if hasattr(c, "model") for layer in c.model.walk()]


def test_loaded_pipeline_uses_numpy_gemm_everywhere(tiny_model):
    nlp = spacy.load(tiny_model)  # the callback comes from the trained config
    ops = layer_ops(nlp)
    assert ops and all(isinstance(o, NumpyOps) and not o.use_blis for o in ops)


def test_numpy_gemm_gives_the_same_entities_as_blis(tiny_model):
    texts = ["恒岳新能源电池材料项目总投资18亿元，由恒岳集团投资建设。", "园区管委会介绍，项目明年投产。"]
    blis = spacy.load(tiny_model, config={"nlp": {"after_pipeline_creation": None}})
    assert all(o.use_blis for o in layer_ops(blis))
    numpy_docs, blis_docs = list(spacy.load(tiny_model).pipe(texts)), list(blis.pipe(texts))
    for a, b in zip(numpy_docs, blis_docs):
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        numpy.testing.assert_allclose(a.tensor, b.tensor, rtol=1e-4, atol=1e-5)


def test_other_backends_are_left_alone():
    class OtherOps(NumpyOps):  # stands for a GPU or Apple backend
        pass

    nlp = spacy.blank("zh")
    nlp.add_pipe("tok2vec")
    nlp.initialize()
    other = OtherOps()
    layers = list(nlp.get_pipe("tok2vec").model.walk())
    layers[0].ops = other
    use_numpy_matmul(nlp)
    assert layers[0].ops is other
    assert all(not layer.ops.use_blis for layer in layers[1:])
