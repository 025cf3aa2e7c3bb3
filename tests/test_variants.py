from opencc import OpenCC

from zh_industry_ner_components.tokenizer import GLOSS_RE
from zhner.markup import parse_article
from zhner.variants import KINDS, choose_kinds, make_variant

ARTICLE = parse_article(
    "id: v-1\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"
    "{{远航资本集团|COMPANY}{数据中心|INDUSTRY}项目|PROJECT}总投资{18亿元|AMOUNT}，"
    "由{远航资本集团|COMPANY}建设。产业发展，区域经济。 第二段\n第三段")


def test_every_kind_keeps_spans_on_the_same_words():
    t2s = OpenCC("t2s")
    for kind in KINDS:
        variant = make_variant(ARTICLE, kind, seed=1)
        for original, moved in zip(ARTICLE.ents + ARTICLE.nested, variant.ents + variant.nested):
            source = ARTICLE.text[original.start:original.end]
            seen = variant.text[moved.start:moved.end]
            assert t2s.convert(GLOSS_RE.sub("", seen)) == source, (kind, seen)
            assert moved.label == original.label


def test_gloss_after_the_last_character_stays_inside_the_span():
    variant = make_variant(ARTICLE, "trad_gloss", seed=1)
    company = variant.text[variant.ents[2].start:variant.ents[2].end]
    assert company.startswith("遠航資本集團") and company.endswith(")")  # 團 is glossed nearly always


def test_variants_are_deterministic_and_seeded():
    a = make_variant(ARTICLE, "gloss_halfwidth", seed=7)
    b = make_variant(ARTICLE, "gloss_halfwidth", seed=7)
    c = make_variant(ARTICLE, "gloss_halfwidth", seed=8)
    assert a == b
    assert a.text != ARTICLE.text
    assert isinstance(c.text, str)


def test_evaluation_splits_get_both_noisy_kinds():
    assert choose_kinds("x", "test", 13) == ["trad", "trad_gloss"]
    train_kinds = [choose_kinds(f"id-{i}", "train", 13) for i in range(400)]
    share = sum(1 for k in train_kinds if k) / len(train_kinds)
    assert 0.4 < share < 0.6
