from zhner.bench import bootstrap_f


def rec(spans):
    return {"ents": [{"start": s, "end": e, "label": l} for s, e, l in spans]}


def test_bootstrap_interval_brackets_the_score():
    gold = [rec([(0, 2, "COMPANY"), (3, 5, "AMOUNT")]) for _ in range(30)]
    perfect = bootstrap_f(gold, [r["ents"] for r in gold], rounds=200)
    assert perfect["micro"] == {"low": 1.0, "high": 1.0}
    half = [r["ents"][:1] if i % 2 else r["ents"] for i, r in enumerate(gold)]
    ci = bootstrap_f(gold, half, rounds=200)
    assert 0.5 < ci["micro"]["low"] < ci["micro"]["high"] < 1.0
    assert ci["COMPANY"] == {"low": 1.0, "high": 1.0}


def test_readme_sections_are_filled_whether_empty_or_not():
    from zhner.report import fill

    readme = "a\n<!-- zhner:x -->\n<!-- /zhner:x -->\nb\n<!-- zhner:y -->\nold\nlines\n<!-- /zhner:y -->\n"
    filled = fill(readme, {"x": "new x\n", "y": "new y"})
    assert filled == "a\n<!-- zhner:x -->\nnew x\n<!-- /zhner:x -->\nb\n<!-- zhner:y -->\nnew y\n<!-- /zhner:y -->\n"
    assert fill(filled, {"x": "new x\n", "y": "new y"}) == filled


def test_speed_batches_keep_every_worker_busy():
    from zhner.speed_probe import batch_size_for

    assert batch_size_for(100, 1) == 32
    assert batch_size_for(100, 2) == 12  # eight batches for two workers, not 64 texts against 36
    assert batch_size_for(3, 2) == 1


def test_speed_probe_times_the_warmup_pass_apart(tmp_path):
    import spacy

    from zhner.speed_probe import measure

    spacy.blank("zh").to_disk(tmp_path / "blank")
    texts, warmup = ["总投资18亿元的项目开工。"] * 5, ["恒岳新能源电池材料项目签约"] * 3
    warmed = measure(str(tmp_path / "blank"), texts, 1, warmup)
    assert warmed["characters"] == sum(map(len, texts)) and warmed["warmup_characters"] == sum(map(len, warmup))
    assert warmed["chars_per_second"] > 0 and warmed["first_pass_chars_per_second"] > 0
    assert "first_pass_chars_per_second" not in measure(str(tmp_path / "blank"), texts, 1)


def test_long_page_memory_is_measured_in_a_fresh_process(tiny_model, tmp_path):
    from zhner.bench import long_text_memory

    texts = ["恒岳新能源电池材料项目总投资18亿元。", "园区管委会介绍，项目明年投产。"]
    result = long_text_memory(str(tiny_model), texts, 3_000, tmp_path, max_chunk=500, batch_size=4)
    assert result["characters"] == 3_000 and result["max_chunk"] == 500 and result["batch_size"] == 4
    assert result["peak_rss_mb"] >= result["peak_rss_after_load_mb"] > 0
    assert isinstance(result["entities"], int) and result["seconds"] > 0
    assert list(tmp_path.iterdir()) == []  # the page file is removed


def test_speed_probes_run_with_one_blas_thread(tiny_model, tmp_path):
    """The goal is per core: without the limit numpy's OpenBLAS starts a thread per core."""
    from zhner.bench import speed

    texts = ["恒岳新能源电池材料项目总投资18亿元。", "园区管委会介绍，项目明年投产。"] * 3
    [run] = speed(str(tiny_model), texts, (1,), tmp_path, rounds=1)
    assert run["blas_threads"] == 1


def test_machine_description_names_the_cpu_where_linux_tells_it(tmp_path):
    from zhner.train import cpu_name

    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: avx2\n", encoding="utf-8")
    assert cpu_name(info) == "AMD EPYC 7B13"
    assert cpu_name(tmp_path / "missing") == ""
