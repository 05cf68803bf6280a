"""The GitHub side, checked offline: workflows, zizmor, CODEOWNERS, labels, forms, hooks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pathspec import GitIgnoreSpec

from tests.conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
COMMITTEE = "@essaim-portail/comite-editorial"
MAINTAINERS = "@essaim-portail/mainteneurs"
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # PyYAML reads the key « on » as the boolean True (YAML 1.1)
    return workflow.get("on", workflow.get(True))


# --- workflows ---------------------------------------------------------------------------


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {
        "verifier.yml",
        "publier.yml",
        "liens.yml",
        "depuis-issue.yml",
        "etiquettes.yml",
        "relecture.yml",
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_locked_down(path: Path):
    workflow = _load(path)
    assert workflow["permissions"] == {}, "default permissions: none, each job asks its own"
    triggers = _triggers(workflow)
    assert "pull_request_target" not in triggers
    if "workflow_run" in triggers:
        _assert_runs_no_pull_request_code(path.name, workflow)
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name}: permissions must be explicit"
        assert job.get("timeout-minutes"), f"{name}: a timeout"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            # contributor-controlled values reach shell scripts through env only
            assert "${{" not in step.get("run", ""), f"{name}: expression inside run"


def _assert_runs_no_pull_request_code(name: str, workflow: dict) -> None:
    """A workflow_run job has a write token: it must never run what a fork wrote. Only the
    facilitators' review workflow uses it; it checks out the default branch, downloads the
    check's artifact outside the workspace, and reads it with essaim's strict reader only."""
    assert name == "relecture.yml", "workflow_run is reserved to the facilitators' reviews"
    assert _triggers(workflow)["workflow_run"] == {
        "workflows": ["Vérifier"],
        "types": ["completed"],
    }
    [job] = workflow["jobs"].values()
    assert job["if"] == "${{ github.event.workflow_run.event == 'pull_request' }}"
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write"}
    steps = job["steps"]
    checkout = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"]["ref"] for s in checkout] == ["${{ github.event.repository.default_branch }}"]
    download = next(s for s in steps if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["path"].startswith("${{ runner.temp }}")
    assert download["with"]["name"] == "relecture"
    text = yaml.safe_dump(workflow)
    assert "head_branch" not in text and "head_repository" not in text
    reading = [s["run"] for s in steps if "relecture-brute" in s.get("run", "")]
    assert reading == [
        next(s["run"] for s in steps if "essaim relecteurs --artefact" in s.get("run", ""))
    ], "the raw artifact is read by essaim relecteurs --artefact and nothing else"
    request = steps[-1]["run"]
    assert 'gh api "repos/$REPO/pulls/$numero" --jq .head.sha' in request
    assert '[ "$tete" != "$HEAD_SHA" ]' in request


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path: Path):
    found = _USES.findall(path.read_text(encoding="utf-8"))
    assert found or path.name == "etiquettes.yml"
    for action, comment in found:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{action}: # vX.Y.Z attendu"


def test_pull_request_workflow_runs_the_local_commands():
    workflow = _load(GITHUB / "workflows" / "verifier.yml")
    # workflow_dispatch: the « Proposition acceptée » workflow starts it on its branch
    assert list(_triggers(workflow)) == ["pull_request", "workflow_dispatch"]
    steps = workflow["jobs"]["ressources"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "make install" in runs
    assert any("essaim check --depuis" in r and "--format github" in r for r in runs)
    assert any('--bilan "$GITHUB_STEP_SUMMARY"' in r for r in runs)
    assert "make build" in runs
    uploads = {
        s["with"]["name"]: s
        for s in steps
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads["site"]["with"]["path"] == "site/"
    # the facilitators' list is data for the « Relecture par les animateurs » workflow
    assert uploads["relecture"]["with"]["path"] == "relecture/relecture.json"
    assert any("essaim relecteurs --depuis" in r for r in runs)
    assert workflow["jobs"]["ressources"]["permissions"] == {"contents": "read"}


def test_deployment_has_only_the_permissions_it_needs():
    workflow = _load(GITHUB / "workflows" / "publier.yml")
    assert _triggers(workflow)["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["construire"], workflow["jobs"]["deployer"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "ESSAIM_SITE_URL" in build["steps"][2]["env"]
    uses = [s.get("uses", "") for s in build["steps"] + deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_link_check_keeps_one_issue():
    workflow = _load(GITHUB / "workflows" / "liens.yml")
    assert "schedule" in _triggers(workflow)
    script = workflow["jobs"]["liens"]["steps"][-1]["run"]
    assert 'gh issue list --state open --label "liens cassés"' in script
    assert 'gh issue edit "$numero"' in script  # update instead of opening another
    assert 'gh issue close "$numero"' in script


def test_accepted_proposal_workflow_reads_the_body_from_a_file():
    workflow = _load(GITHUB / "workflows" / "depuis-issue.yml")
    assert _triggers(workflow) == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["convertir"]
    assert "github.event.label.name == 'accepté'" in job["if"]
    body_step = next(s for s in job["steps"] if "ISSUE_BODY" in s.get("env", {}))
    assert body_step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert any("essaim depuis-issue" in s.get("run", "") for s in job["steps"])


def test_the_converter_holds_no_write_token_and_the_publisher_runs_no_code():
    """Untrusted text is read by a read-only job; the job that may push gets its output
    as an artifact and runs only git and gh on it."""
    jobs = _load(GITHUB / "workflows" / "depuis-issue.yml")["jobs"]
    convert, publish = jobs["convertir"], jobs["publier"]
    assert convert["permissions"] == {"contents": "read"}
    assert publish["needs"] == "convertir"
    assert set(publish["permissions"]) == {"contents", "pull-requests", "issues", "actions"}
    assert "ISSUE_BODY" not in str(publish)
    upload = next(s for s in convert["steps"] if s.get("uses", "").startswith("actions/upload-"))
    download = next(
        s for s in publish["steps"] if s.get("uses", "").startswith("actions/download-artifact@")
    )
    assert upload["with"]["name"] == download["with"]["name"]
    script = "\n".join(s.get("run", "") for s in publish["steps"])
    # only commands the runner brings (git, gh, coreutils); nothing from the checkout
    assert set(_commands(script)) <= {"gh", "git", "head", "wc", "mkdir", "cp", "dirname"} | {
        "echo",
        "exit",
        "true",
        "[",
        "[[",
    }
    # the detector sees the converter's commands (it can fail)
    assert {"make", ".venv/bin/essaim"} <= set(
        _commands("\n".join(s.get("run", "") for s in convert["steps"]))
    )
    assert "=~ $modele" in script  # the file name from the artifact is checked first


def _commands(script: str) -> list[str]:
    """The first word of every command of a shell script (assignments left out)."""
    found, continued = [], False
    for line in script.splitlines():
        text = line.strip()
        if not continued and text and not text.startswith("#"):
            words = text.replace("!", " ").split()
            while words and words[0] in ("if", "then", "else", "fi", "do", "done", "{", "}"):
                words = words[1:]
            if words and "=" not in words[0]:
                found.append(words[0])
        continued = text.endswith("\\")
    found += re.findall(r"\$\(\s*([\w./\[-]+)", script)
    found += re.findall(r"(?:\|\||&&)\s*\{?\s*([\w./\[-]+)", script)
    return found


def test_a_proposal_gets_the_same_verification_as_any_pull_request():
    jobs = _load(GITHUB / "workflows" / "depuis-issue.yml")["jobs"]
    checks = "\n".join(s.get("run", "") for s in jobs["convertir"]["steps"])
    assert ".venv/bin/essaim check" in checks and "make build" in checks
    script = jobs["publier"]["steps"][-1]["run"]
    assert 'gh workflow run verifier.yml --ref "$branche"' in script
    assert 'gh pr comment "$branche" --body-file "$sortie/verification.md"' in script
    assert script.index("gh pr create") < script.index("gh workflow run")
    verify = _load(GITHUB / "workflows" / "verifier.yml")
    assert "workflow_dispatch" in _triggers(verify)


def test_zizmor_finds_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is installed with the test extras (pyproject.toml)"
    result = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", "--format", "plain", str(GITHUB)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_would_catch_a_template_injection(tmp_path: Path):
    """The audit really runs: the same workflow with the body pasted into a script fails."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    source = (GITHUB / "workflows" / "depuis-issue.yml").read_text(encoding="utf-8")
    unsafe = source.replace(
        """printf '%s' "$ISSUE_BODY" > "$RUNNER_TEMP/issue.md\"""",
        """echo "${{ github.event.issue.body }}" > "$RUNNER_TEMP/issue.md\"""",
    )
    assert unsafe != source
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "depuis-issue.yml").write_text(unsafe, encoding="utf-8")
    result = subprocess.run(
        [zizmor, "--offline", "--format", "plain", str(tmp_path / ".github")],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "template-injection" in result.stdout


# --- CODEOWNERS --------------------------------------------------------------------------


def _codeowners() -> list[tuple[GitIgnoreSpec, list[str], str]]:
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners, f"CODEOWNERS: « {pattern} » sans propriétaire"
        assert all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", o) for o in owners), line
        rules.append((GitIgnoreSpec.from_lines([pattern]), owners, pattern))
    return rules


def owners_of(path: str, rules) -> set[str]:
    """GitHub's rule: the last matching line wins."""
    found: set[str] = set()
    for spec, owners, _ in rules:
        if spec.match_file(path):
            found = set(owners)
    return found


def _repository_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in listing.stdout.splitlines() if line]


def test_codeowners_covers_every_top_level_path():
    rules = _codeowners()
    files = _repository_files()
    top_level = sorted({f.split("/", 1)[0] for f in files})
    assert {"resources", "producers", "vocabularies", ".github", "essaim"} <= set(top_level)
    for name in top_level:
        sample = next(f for f in files if f == name or f.startswith(name + "/"))
        assert owners_of(sample, rules), f"{name} : aucun propriétaire dans CODEOWNERS"
    unowned = [f for f in files if not owners_of(f, rules)]
    assert unowned == []


def test_committee_owns_content_and_maintainers_own_the_rest():
    rules = _codeowners()
    for path in _repository_files():
        owners = owners_of(path, rules)
        if path.startswith(("resources/", "producers/", "vocabularies/")):
            assert owners == {COMMITTEE}, path
        elif path.startswith((".github/workflows/", "essaim/", "hooks/", ".ci/", "schemas/")):
            assert owners == {MAINTAINERS}, path
    for path in (
        ".github/CODEOWNERS",
        "Makefile",
        "pyproject.toml",
        "constraints.txt",
        "mkdocs.yml",
        ".pre-commit-config.yaml",
    ):
        assert owners_of(path, rules) == {MAINTAINERS}, path


# --- labels, forms, templates ---------------------------------------------------------


def test_labels_file_defines_the_review_states():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from sync_labels import commands, read_labels
    finally:
        sys.path.pop(0)
    labels = read_labels(GITHUB / "labels.yml")
    names = [label["name"] for label in labels]
    assert names[:4] == ["à relire", "en relecture", "modifications demandées", "accepté"]
    # every label used by a form or a workflow is defined
    used = {label for form in FORMS for label in _load(form)["labels"]}
    used |= {"liens cassés", "modifications demandées", "accepté", "proposition"}
    assert used <= set(names)
    assert commands(labels)[0][:4] == ["gh", "label", "create", "à relire"]
    # the committee guide documents each review state
    guide = (ROOT / "docs" / "comite.md").read_text(encoding="utf-8")
    for name in names[:4]:
        assert f"« {name} »" in guide


def test_sync_labels_refuses_a_bad_colour(tmp_path: Path):
    bad = tmp_path / "labels.yml"
    bad.write_text("- name: x\n  color: vert\n  description: y\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sync_labels.py"), str(bad), "--montrer"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "6 chiffres hexadécimaux" in result.stderr


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(path: Path):
    form = _load(path)
    assert form["name"] and form["description"] and form["labels"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    labels = [item["attributes"]["label"] for item in fields]
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
    assert all(re.fullmatch(r"[a-z_]+", i) for i in ids)
    for item in fields:
        assert item["type"] in {"input", "textarea", "dropdown", "checkboxes"}
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    assert any(item.get("validations", {}).get("required") for item in fields)


def test_trial_form_asks_what_a_trial_needs():
    form = _load(GITHUB / "ISSUE_TEMPLATE" / "signaler-un-essai.yml")
    ids = {item.get("id") for item in form["body"]}
    assert {"ressource", "echelle", "codes", "date", "structure", "adaptation", "resultat"} <= ids
    scales = next(i for i in form["body"] if i.get("id") == "echelle")["attributes"]["options"]
    assert "National" not in scales


def test_issue_chooser_points_to_the_guides():
    config = _load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    urls = [link["url"] for link in config["contact_links"]]
    assert any(u.endswith("docs/contribuer.md") for u in urls)
    assert any(u.endswith("docs/comite.md") for u in urls)


def test_pull_request_template_has_the_committee_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for needle in ("claire et lisible", "inspiration locale", "professionnel", "licence",
                   "donnée personnelle"):  # fmt: skip
        assert needle in text.lower() or needle in text
    assert text.count("- [ ]") >= 6


def test_pre_commit_hook_runs_the_fast_check():
    config = _load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hook = next(h for h in repo["hooks"] if h["id"] == "essaim-check")
    assert hook["entry"] == ".venv/bin/essaim check --depuis HEAD"
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.match(hook["files"], "resources/modeles/x.md")
    assert re.match(hook["files"], "producers/rnma.yml")
    assert not re.match(hook["files"], "docs/index.md")
