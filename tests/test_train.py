"""zhner train: the config names the train and dev files, the project root says where they are."""
from pathlib import Path

from zhner import paths
from zhner.train import build_paths


def test_train_and_dev_files_keep_the_config_names_in_the_build_folder(tmp_path):
    config = tmp_path / "x.cfg"
    config.write_text('[paths]\ntrain = "corpus/build/train.spacy"\ndev = "corpus/build/dev-hand.spacy"\n'
                      '[nlp]\nlang = "zh"\n', encoding="utf-8")
    assert build_paths(config) == {"paths.train": str(paths.BUILD / "train.spacy"),
                                   "paths.dev": str(paths.BUILD / "dev-hand.spacy")}
    assert Path(build_paths(Path(paths.ROOT / "configs" / "pkuseg.cfg"))["paths.dev"]).parent == paths.BUILD
