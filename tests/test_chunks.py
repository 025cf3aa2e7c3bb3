from zhner.annotate import chunk_offsets


def test_pieces_cover_the_text_and_cut_at_paragraphs():
    text = ("第一段，有若干文字。\n" * 50) + "没有换行的一长段" * 40
    pieces = chunk_offsets(text, max_chunk=120)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(end - start <= 120 for start, end in pieces)
    assert text[pieces[0][1] - 1] == "\n"


def test_short_text_is_one_piece():
    assert chunk_offsets("短文", 100) == [(0, 2)]
