"""What an ownership graph is made of: links between parties, with their share and dates.

A link goes from the *upper* party (owner, director, person, agent) to the *lower* one (asset,
organisation, relative, client). Only ``ownership`` links carry a share; an ownership whose
percentage the source does not give keeps ``share=None`` (unknown, never guessed).
Dates are ISO strings padded to whole days (``2015`` starts on 2015-01-01, ends on 2015-12-31).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: FtM schema -> (kind, upper property, lower property)
FTM_LINKS: dict[str, tuple[str, str, str]] = {
    "Ownership": ("ownership", "owner", "asset"),
    "Directorship": ("directorship", "director", "organization"),
    "Family": ("family", "person", "relative"),
    "Associate": ("associate", "person", "associate"),
    "UnknownLink": ("unknown", "subject", "object"),
    "Representation": ("representation", "agent", "client"),
}
KINDS = tuple(k for k, _, _ in FTM_LINKS.values())


@dataclass(frozen=True, slots=True)
class Link:
    link_id: str
    kind: str
    source: str
    target: str
    share: float | None = None  # 0..1, ownership only; None: not given or not readable
    share_text: str | None = None  # the percentage as the source wrote it
    start: str | None = None
    end: str | None = None
    role: str | None = None
    origin: str = ""  # the file (or ``registry``) the link came from
    source_name: str | None = None  # the upper party's name where the source gives it

    def active(self, on: str) -> bool:
        """In force on the day ``on`` (ISO): started by then and not ended before it."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "link_id": self.link_id,
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "share": self.share,
            "share_text": self.share_text,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """A record the load could not take as written (kept or skipped, as ``message`` says)."""

    record: str
    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"record": self.record, "field": self.field, "message": self.message}


@dataclass
class LinkReport:
    """What a load did to the links: counts, dangling links (an end not loaded), problems."""

    source: str
    links: int = 0
    deleted: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    dangling: list[str] = field(default_factory=list)  # link ids
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "links": self.links,
            "deleted": self.deleted,
            "by_kind": dict(sorted(self.by_kind.items())),
            "dangling": len(self.dangling),
            "dangling_links": self.dangling[:50],
            "problems": [p.to_dict() for p in self.problems],
        }
