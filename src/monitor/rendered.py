"""A build's rendered files, kept in the workspace's cache on the digest of everything they render."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cache

KIND = "build"
KEEP = 3  # a build's files weigh megabytes (the dashboard carries plotly.js): a few recent ones are enough


@dataclass
class Rendered:
    """What one build writes: data/generated/ files and deliverables by relative path, as bytes, in writing order."""
    generated: dict[str, bytes] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    built_at: str = ""


def render_key(workspace_key: str | None, manifest: dict, lang: str, images: bool, public: bool) -> str | None:
    """The digest of what a build renders: the workspace as loaded (raw files, curated files, vocabularies, code,
    workspace.yml, today), the manifest but its time (as-of date, commit, inputs, counts, ledger heads), the
    language, whether images are drawn and whether the build is public. None when the workspace has no key."""
    if not workspace_key:
        return None
    stamped = {name: value for name, value in manifest.items() if name != "built_at"}
    return cache.digest(KIND, workspace_key, repr(sorted(stamped.items(), key=lambda item: item[0])), lang,
                        bool(images), bool(public))


def load(workspace, key: str | None) -> Rendered | None:
    if key is None:
        return None
    found = cache.load(workspace, KIND, key)
    return found if isinstance(found, Rendered) else None


def store(workspace, key: str | None, rendered: Rendered) -> None:
    if key is not None:
        cache.store(workspace, KIND, key, rendered, keep=KEEP)
