"""The pull-request checks and the Pages deployment run what CONTRIBUTING.md promises."""

from __future__ import annotations

from typing import Any

import yaml

from sitebuild import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def commands(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pull_requests_run_the_tests_the_check_and_the_strict_build() -> None:
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    (job,) = ci["jobs"].values()
    runs = commands(job)
    for command in ("make test", "annotated-essay check --format github", "mkdocs build --strict"):
        assert any(command in run for run in runs), command


def test_main_is_deployed_to_pages() -> None:
    pages = workflow("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"]["pages"] == "write" and pages["permissions"]["id-token"] == "write"
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert any("mkdocs build --strict" in run for run in commands(build))
    assert "actions/upload-pages-artifact" in uses(build)
    assert "actions/deploy-pages" in uses(deploy) and deploy["needs"] == "build"


def test_the_pull_request_template_and_the_guide_exist() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "annotated-essay check" in template
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for promise in ("annotated-essay new", "annotated-essay check", "--fix", "make test", "unverified", "opinion"):
        assert promise in guide, promise
    # The site's page includes the guide rather than copying it.
    assert (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8").strip() == '--8<-- "CONTRIBUTING.md"'
