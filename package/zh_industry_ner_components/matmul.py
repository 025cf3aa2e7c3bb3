"""Matrix products through numpy's BLAS instead of the `blis` wheel, for every model in a pipeline.

Why: thinc multiplies matrices with `blis`, which picks its CPU kernels at run time and falls
back to a plain C loop on CPUs it does not know. On the AMD EPYC (Zen 3, cpu family 25) this
project is measured on, `BLIS_ARCH_DEBUG=1` prints "selecting sub-configuration 'generic'", and
products of the sizes the pipeline multiplies take 2 to 6.6 times as long as numpy's (OpenBLAS,
which knows the CPU); the tok2vec ran in about half the time once they went through numpy.
Cloud machines are often of this kind. numpy's BLAS is tuned for every x86 CPU, so the
pipeline uses it everywhere; only `gemm` changes (thinc's own kernels, and spaCy's parser loop,
which takes its BLAS from thinc directly, stay as they are).

It runs as the config's `[nlp.after_pipeline_creation]` callback, so it applies whenever the
pipeline is built from its config: in training and in `spacy.load`. Models on another backend
(a GPU, Apple's) are left alone.
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from thinc.api import Model, NumpyOps

from .registration import function


def use_numpy_matmul(nlp: Language) -> Language:
    """Point every layer that runs on thinc's BLIS-backed NumpyOps at numpy-backed NumpyOps."""
    numpy_ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            # Exactly NumpyOps: subclasses (AppleOps) and GPU ops have their own gemm.
            if type(layer.ops) is NumpyOps and layer.ops.use_blis:
                layer.ops = numpy_ops
    return nlp


@function("callbacks", "zh_industry_ner.numpy_matmul.v1")
def create_numpy_matmul() -> Callable[[Language], Language]:
    return use_numpy_matmul
