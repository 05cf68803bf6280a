"""Which files changed since a Git reference: the input of the fast check.

A pull request usually adds or edits a few resources. Checking those files, with the
rules that span files (producers, vocabularies, territories, identifiers, links), takes a
fraction of a second whatever the size of the catalogue. Some changes can break files
that were not touched (a producer removed, a vocabulary edited, a resource deleted that
others link to): then the whole catalogue is checked.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from essaim.settings import RESOURCE_SUFFIXES, TRIALS_SUFFIX

ADDED = "A"
MODIFIED = "M"
DELETED = "D"

# Inputs whose change can break resources that were not touched.
_SHARED_INPUTS = (
    "producers/",
    "structures/",
    "animateurs/",
    "vocabularies/",
    "schemas/",
    "data/territoires/",
)


class GitError(Exception):
    """Git is missing, the folder is not a repository, or the reference is unknown."""


@dataclass(frozen=True)
class Change:
    status: str  # ADDED, MODIFIED or DELETED
    path: str  # relative to the project root, with forward slashes


@dataclass
class ChangeSet:
    base: str
    changes: list[Change] = field(default_factory=list)

    @property
    def resources(self) -> list[Change]:
        """Added or modified resource files."""
        return [
            c
            for c in self.changes
            if c.status != DELETED
            and c.path.startswith("resources/")
            and Path(c.path).suffix in RESOURCE_SUFFIXES
            and not _is_trial_report(c.path)
        ]

    @property
    def needs_full_check(self) -> bool:
        """True when the change may break files it did not touch."""
        for change in self.changes:
            if change.path.startswith(_SHARED_INPUTS):
                return True
            if change.status == DELETED and change.path.startswith("resources/"):
                return True
            # A trial report changes the evidence of a resource that was not touched.
            if _is_trial_report(change.path):
                return True
        return False

    @property
    def touches_catalogue(self) -> bool:
        return any(c.path.startswith(("resources/", *_SHARED_INPUTS)) for c in self.changes)

    def status_of(self, path: str) -> str | None:
        return next((c.status for c in self.changes if c.path == path), None)


def changed_since(root: Path, base: str) -> ChangeSet:
    """Files changed between the merge base of base and HEAD, and the working tree.

    Uncommitted and untracked files count too, so that a contributor can check before
    committing; in CI the working tree is the commit under test. Renames are seen as a
    deletion plus an addition.
    """
    merge_base = _git(root, "merge-base", base, "HEAD").strip()
    listing = _git(
        root, "diff", "--relative", "--name-status", "--no-renames", "-z", merge_base, "--", "."
    )
    fields = [f for f in listing.split("\0") if f]
    changes: dict[str, Change] = {}
    for status, path in zip(fields[0::2], fields[1::2], strict=True):
        kind = DELETED if status.startswith("D") else ADDED if status.startswith("A") else MODIFIED
        changes[path] = Change(kind, path)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    for path in (p for p in untracked.split("\0") if p):
        changes[path] = Change(ADDED, path)
    return ChangeSet(base, [changes[p] for p in sorted(changes)])


def _is_trial_report(path: str) -> bool:
    return path.startswith("resources/") and any(
        part.endswith(TRIALS_SUFFIX) for part in path.split("/")[:-1]
    )


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(str(exc)) from exc
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "")
    return result.stdout
