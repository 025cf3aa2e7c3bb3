"""The README's picture: a pre-annotated task as Label Studio shows it, taken with headless Chromium.

    python -m zhner.labelstudio_screenshot MODEL ARTICLE.txt docs/labelstudio-task.png

Starts the same throwaway server as the round-trip test, imports the model's tasks for the article,
logs in as the test user and photographs the labeling page. Needs `make labelstudio-venv`, Debian's
chromium and the `screenshot` extra (playwright, driving that chromium; no browser is downloaded).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .annotate import annotate_records
from .labelstudio import labeling_config, model_version, task_from_result
from .labelstudio_server import PASSWORD, USER, LabelStudioServer
from .readers import Record


def tasks_for(model: str, article: Path) -> list[dict]:
    import spacy

    nlp = spacy.load(model)
    record = Record(id=article.stem, source=str(article), text=article.read_text(encoding="utf-8").strip())
    return [task_from_result(result, model_version(nlp.meta))
            for _, result in annotate_records(nlp, [record], with_scores=True)]


def photograph(url: str, output: Path, chromium: str, width: int = 1400, height: int = 1000) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        base = url.split("/projects/")[0]
        page.goto(f"{base}/user/login")
        page.fill("input[name=email]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(url)
        page.wait_for_selector("text=PROJECT", timeout=60_000)  # the label bar has drawn
        page.wait_for_timeout(3_000)  # regions are painted after the text
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output), full_page=False)
        browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("article", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    tasks = tasks_for(args.model, args.article)
    with tempfile.TemporaryDirectory() as tmp, LabelStudioServer(Path(tmp)) as server:
        project = server.create_project("zh_industry_ner: correct the model", labeling_config())
        server.import_tasks(project, tasks)
        (task,) = server.tasks(project)
        photograph(f"{server.url}/projects/{project}/data?task={task['id']}", args.output, args.chromium)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
