"""The checks of each file, kept between two runs of `essaim check` (like ruff's cache).

A run of `essaim check` on an unchanged file reuses what the previous run found in it:
its parsed document, the problems of the checks that look at this file only, and its
readability report. The rules between files (identifiers, links, producers, trial reports,
shown level) always run again. An entry is used only when

- the file's bytes are the same (a keyed hash of the content, not its modification time),
- and nothing else the per-file checks depend on has changed: the code of Essaim, the
  versions of Python and of every installed library, the project's
  schemas, vocabularies and territories, and the project's folder (the salt below).

The cache lives in the project, in `.cache/essaim/` (ignored by Git). It is a pickle, and a
pickle runs code when read: a contributor could commit a forged one in a pull request, and
a forged cache could also hide the problems of a hostile file. So the file is signed with
a key that never leaves the user's own cache folder (`~/.cache/essaim/`, or
`$XDG_CACHE_HOME/essaim/`), created on first use and readable by its owner only; a file
whose signature does not match is never unpickled, and the run is a cold one. Any error
while reading or writing it (missing home, read-only folder, symbolic link) means a run
without cache, never a failed check.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sys
import zlib
from pathlib import Path

import essaim
from essaim.catalog.reading import Document, document_text
from essaim.catalog.yamlsafe import Parsed
from essaim.memory import collector_paused
from essaim.problems import Problem, Severity
from essaim.settings import ProjectPaths

FOLDER = Path(".cache") / "essaim"
SHARDS = 32
KEY_NAME = "cle-cache-verification"
DISABLE_ENV = "ESSAIM_SANS_CACHE"
_MAGIC = b"essaim-verification-2\n"
_MAC_SIZE = 32


class CheckCache:
    """Entries by file (its path as messages show it): the digest of its bytes, the parsed
    document, the per-file problems, and (once computed) the readability findings. Stored
    as plain tuples, lists and dictionaries (read back twice as fast as the objects), in
    SHARDS files by a hash of the path: an edit rewrites one of them, not the whole cache
    (25 MB at 5,000 resources)."""

    def __init__(self, folder: Path, key: bytes, salt: bytes) -> None:
        self.folder = folder
        self._key = key
        self._salt = salt
        self._old: dict[str, tuple] = {}
        self._stored: list[set[str]] = []  # the paths each shard holds on disk
        with collector_paused():  # many small containers, none of them cyclic
            for shard in range(SHARDS):
                entries = _read(self._shard_path(shard), key, salt)
                self._old.update(entries)
                self._stored.append(set(entries))
        self._new: dict[str, tuple] = {}
        self._dirty: set[int] = set()
        # Readability findings of this run's files, by path: those of unchanged files at
        # first, then the ones computed (readability.clarity_problems fills it).
        self.clarity: dict[str, list] = {}

    @classmethod
    def open(cls, root: Path) -> CheckCache | None:
        """The cache of the project at root, empty when missing, stale or not signed by
        this user's key; None when no cache can be used here."""
        if os.environ.get(DISABLE_ENV):
            return None
        try:
            key = _user_key()
            folder = root / FOLDER
            if _has_symlink(root, folder):
                return None
            salt = _salt(root)
        except (OSError, RuntimeError):  # RuntimeError: no home folder to keep the key in
            return None
        return cls(folder, key, salt)

    def get(
        self, path: Path, display: str, raw: bytes, digest: bytes
    ) -> tuple[Document | None, list[Problem]] | None:
        """What the previous run found in this file (raw, its bytes), if they are the same."""
        entry = self._old.get(display)
        if entry is None or entry[0] != digest:
            return None
        self._new[display] = entry
        _, data, lines, body_size, body_line, problems, clarity = entry
        if clarity is not None:
            self.clarity[display] = clarity
        doc = None
        if data is not None:
            # The body is the end of the file's text: kept as its length, four fifths of
            # the cache's size less to write and to read back.
            body = document_text(raw)[-body_size:] if body_size else ""
            doc = Document(path, display, Parsed(data, lines), body, body_line)
        return doc, [Problem(*p[:4], Severity(p[4])) for p in problems]

    def put(
        self, display: str, digest: bytes, doc: Document | None, problems: list[Problem]
    ) -> None:
        self._new[display] = _entry(digest, doc, problems)
        self._dirty.add(_shard(display))

    def knows(self, display: str) -> bool:
        """Whether the previous run checked a file of this name (changed since, maybe)."""
        return display in self._old

    def save(self) -> None:
        """Write the shards whose entries changed, with the entries of this run's files
        only (the others are dropped): each signed, then moved into place in one step."""
        shards: list[dict[str, tuple]] = [{} for _ in range(SHARDS)]
        for display, entry in self._new.items():
            shard = _shard(display)
            found = self.clarity.get(display)
            if entry[-1] is None and found is not None:
                entry = (*entry[:-1], found)
                self._dirty.add(shard)
            shards[shard][display] = entry
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        for shard, entries in enumerate(shards):
            if shard in self._dirty or entries.keys() != self._stored[shard]:
                self._write(shard, entries)

    def _write(self, shard: int, entries: dict[str, tuple]) -> None:
        payload = pickle.dumps((self._salt, entries), protocol=pickle.HIGHEST_PROTOCOL)
        mac = hmac.new(self._key, payload, hashlib.blake2b).digest()[:_MAC_SIZE]
        path = self._shard_path(shard)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            with open(temporary, "wb") as out:
                out.write(_MAGIC + mac + payload)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def _shard_path(self, shard: int) -> Path:
        return self.folder / f"verification-{shard:02d}.pickle"


def _shard(display: str) -> int:
    return zlib.crc32(display.encode()) % SHARDS


def _entry(digest: bytes, doc: Document | None, problems: list[Problem]) -> tuple:
    """An entry of the cache: plain tuples, lists and dictionaries (pickled and read back
    fast); its readability findings are added when saved (CheckCache.clarity). The list of
    every text with its path serves the checks just run, not the rules that follow: not
    kept."""
    meta = (
        (None, None, 0, 0)
        if doc is None
        else (doc.meta.data, doc.meta.lines, len(doc.body), doc.body_line)
    )
    kept = [(p.path, p.line, p.field, p.message, p.severity.value) for p in problems]
    return (digest, *meta, kept, None)


def content_digest(raw: bytes) -> bytes:
    """The key of a file's content: its bytes, hashed."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read(path: Path, key: bytes, salt: bytes) -> dict:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC)
    if not data.startswith(_MAGIC) or len(data) < head + _MAC_SIZE:
        return {}
    mac, payload = data[head : head + _MAC_SIZE], memoryview(data)[head + _MAC_SIZE :]
    expected = hmac.new(key, payload, hashlib.blake2b).digest()[:_MAC_SIZE]
    if not hmac.compare_digest(mac, expected):
        return {}
    try:
        stored_salt, entries = pickle.loads(payload)
    except Exception:  # signed by us, but written by another version: start again
        return {}
    return entries if stored_salt == salt and isinstance(entries, dict) else {}


def _user_key() -> bytes:
    """This user's signing key, created on first use (owner only)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "essaim"
    path = folder / KEY_NAME
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = os.urandom(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:  # another run created it meanwhile
            return path.read_bytes()
        with os.fdopen(fd, "wb") as out:
            out.write(key)
    if len(key) < 32:
        raise OSError("clé de cache trop courte")
    return key


def _has_symlink(root: Path, folder: Path) -> bool:
    """A symbolic link on the way to the cache (a repository can hold one): not followed."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def _salt(root: Path) -> bytes:
    """What every entry depends on besides its file: code, libraries, reference data."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(sys.version.encode())
    digest.update(os.fsencode(root))
    for name in _installed_distributions():
        digest.update(f"\0{name}".encode())
    package = Path(essaim.__file__).parent
    _hash_tree(digest, package, suffix=".py")
    # Every folder of reference data a per-file check or a readability report may read.
    paths = ProjectPaths(root)
    for folder in (paths.schemas, paths.vocabularies, paths.territories):
        _hash_tree(digest, folder)
    return digest.digest()


def _installed_distributions() -> list[str]:
    """The name and version of every installed library (PyYAML-6.0.2.dist-info…), as the
    folders of the import path list them: any library added, removed or upgraded (the
    parser, the schema validator, Markdown, nh3) makes every entry stale. Listing folders
    costs a few milliseconds, importlib.metadata sixty."""
    found = []
    # Not the folder holding Essaim's own code (its source checkout, put on the import path
    # by `python -m` run there or by pytest): that code is hashed file by file.
    source = os.path.dirname(os.path.dirname(os.path.abspath(essaim.__file__)))
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == source:
            continue
        try:
            with os.scandir(entry) as listed:
                found += sorted(
                    e.name for e in listed if e.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:
            continue
    return found


def _hash_tree(digest, folder: Path, suffix: str = "") -> None:
    """Every file under folder (names and bytes, in a stable order)."""
    found = []
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        found += [os.path.join(directory, f) for f in files if f.endswith(suffix)]
    digest.update(f"\0{folder.name}:{len(found)}".encode())
    for path in sorted(found):
        digest.update(os.fsencode(os.path.relpath(path, folder)) + b"\0")
        with open(path, "rb") as source:
            digest.update(source.read())
