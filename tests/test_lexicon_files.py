"""The lexicons in corpus/lexicons/ are well formed: the augmenter and the lexicon tags read them."""
import csv
from pathlib import Path

import pytest

from zh_industry_ner_components.name_lexicons import LEXICON_FILES, read_lexicon
from zh_industry_ner_components.tokenizer import simplify

LEXICONS = Path(__file__).resolve().parents[1] / "corpus" / "lexicons"


def rows(file_name):
    with (LEXICONS / file_name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        return header, [(line_no, row) for line_no, row in enumerate(reader, start=2)]


@pytest.mark.parametrize("file_name,columns", [("industries.tsv", 3), ("industries-more.tsv", 3), ("companies.tsv", 4)])
def test_every_row_has_its_columns_and_a_name(file_name, columns):
    header, body = rows(file_name)
    assert len(header) == columns
    bad = [line_no for line_no, row in body if len(row) != columns or not row[0].strip()]
    assert bad == [], f"{file_name}: lines {bad[:10]}"


def test_fields_are_unique_and_parents_are_fields():
    _, body = rows("industries.tsv")
    fields = [simplify(row[0]) for _, row in body]
    assert len(fields) >= 500
    assert len(set(fields)) == len(fields), [f for f in set(fields) if fields.count(f) > 1][:10]
    names = {row[0] for _, row in body}
    orphans = [(line_no, row[1]) for line_no, row in body if row[1] and row[1] not in names]
    assert orphans == []


def test_more_fields_extend_the_lexicon_without_repeating_it():
    """industries-more.tsv (the nineteenth sweep's extra fields, read by no component) appended to
    industries.tsv must again be a well-formed lexicon: new names only, every parent a field."""
    _, base = rows("industries.tsv")
    _, more = rows("industries-more.tsv")
    def names(body):
        return [simplify(n) for _, row in body for n in [row[0], *row[2].split("|")] if n]
    taken = set(names(base))
    assert len(more) >= 3000
    assert [n for n in names(more) if n in taken] == []
    assert len(set(names(more))) == len(names(more))
    fields = {row[0] for _, row in base + more}
    assert [(line_no, row[1]) for line_no, row in more if row[1] and row[1] not in fields] == []


def test_companies_lexicon_is_large_and_every_kind_reads():
    _, body = rows("companies.tsv")
    assert len(body) >= 3000
    assert all(len(read_lexicon(LEXICONS, kind)) > 1000 for kind in LEXICON_FILES)


def test_places_lexicon_is_well_formed_and_every_parent_is_a_place():
    header, body = rows("places.tsv")
    assert header == ["name", "aliases", "kind", "parent"]
    assert [line_no for line_no, row in body if len(row) != 4 or not row[0].strip()] == []
    kinds = {row[2] for _, row in body}
    assert kinds == {"province", "prefecture", "county", "scenic", "new_area"}
    assert sum(row[2] == "prefecture" for _, row in body) >= 300
    assert sum(row[2] == "county" for _, row in body) >= 2500
    names = {row[0] for _, row in body}
    assert [(line_no, row[3]) for line_no, row in body if row[3] and row[3] not in names] == []
    keys = [(row[0], row[2], row[3]) for _, row in body]
    assert len(set(keys)) == len(keys)  # a name may recur (朝阳区 in two cities), never under one parent
    one_character = [(line_no, a) for line_no, row in body for a in row[1].split("|") if len(a.strip()) == 1]
    assert one_character == []
