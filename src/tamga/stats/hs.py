"""HS editions: codes compared across HS2012, HS2017 and HS2022 through a correlation table.

The table is the user's (the WCO publishes the official ones; tamga ships none): two columns of
HS6 codes, the older edition's and the newer one's, one row per link. Each link is classed by
how many codes stand on each side: ``1:1`` (a code renamed or unchanged), ``n:1`` (codes merged:
their values add into the new code), ``1:n`` (a code split: its value cannot be divided among
the new codes without guessing, so it is reported, never apportioned) and ``n:n``.

Data classified in HS2017 (BACI HS17, Comtrade H5) has no rows under codes that exist only in
HS2022, such as six codes of the Common High Priority List (854800, 852589, 854149, 854151,
854159, 880730): :func:`Concordance.sources_of` says under which HS2017 codes their trade is
found, and whether those codes also hold other goods (a split).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from ibis.expr.types import Table

from tamga.errors import InvalidInput

_EDITION = re.compile(r"(?:hs|h)?\s*(\d{2,4})", re.I)


def _digits(code: object) -> str:
    text = re.sub(r"\D", "", str(code))
    return text.zfill(6) if 0 < len(text) < 6 and len(text) % 2 == 1 else text


@dataclass(frozen=True)
class Concordance:
    """Links between two HS editions' six-digit codes, each with its kind."""

    links: pd.DataFrame  # old, new, kind, n_new (targets of old), n_old (sources of new)
    old_edition: str
    new_edition: str
    source: str

    @classmethod
    def from_csv(cls, path: Path) -> Concordance:
        """A CSV whose first two columns are the older and the newer edition's codes.

        Column names such as ``HS2017,HS2022`` name the editions; codes keep leading zeros
        however written (``90111`` is ``090111``); only the first six digits are compared.
        """
        try:
            raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read correlation table {path}: {exc}") from exc
        if raw.shape[1] < 2:
            raise InvalidInput(
                f"{path.name} needs two columns: the older edition's HS codes, then the newer's",
                record=str(path),
            )
        old_col, new_col = raw.columns[0], raw.columns[1]
        pairs = pd.DataFrame(
            {"old": raw[old_col].map(_digits).str[:6], "new": raw[new_col].map(_digits).str[:6]}
        )
        short = pairs[(pairs.old.str.len() < 6) | (pairs.new.str.len() < 6)]
        if len(short):
            line = int(short.index[0]) + 2
            raise InvalidInput(
                f"not a six-digit HS code pair: {raw.iloc[short.index[0], :2].tolist()}",
                record=f"{path.name}:{line}",
            )
        pairs = pairs.drop_duplicates().reset_index(drop=True)
        n_new = pairs.groupby("old").new.transform("nunique")
        n_old = pairs.groupby("new").old.transform("nunique")
        kind = pd.Series("n:n", index=pairs.index)
        kind[(n_new == 1) & (n_old == 1)] = "1:1"
        kind[(n_new == 1) & (n_old > 1)] = "n:1"
        kind[(n_new > 1) & (n_old == 1)] = "1:n"
        links = pairs.assign(kind=kind, n_new=n_new, n_old=n_old)

        def edition(col: str, default: str) -> str:
            m = _EDITION.search(str(col))
            return f"HS{m.group(1)}" if m and len(m.group(1)) == 4 else default

        return cls(
            links,
            edition(old_col, "older edition"),
            edition(new_col, "newer edition"),
            f"{path.name} ({len(links):,} links)",
        )

    def split_codes(self) -> list[str]:
        """Older codes that split into several newer ones (their value is not apportioned)."""
        return sorted(self.links.loc[self.links.n_new > 1, "old"].unique())

    def sources_of(self, codes: Iterable[str]) -> pd.DataFrame:
        """For newer-edition codes: the older codes their trade is under, and the link kind.

        ``exact`` is true where the older code holds only goods of that newer code (1:1, n:1):
        its value can be read as the newer code's; false where it is split among several.
        """
        wanted = [_digits(c)[:6] for c in codes]
        sel = self.links[self.links.new.isin(wanted)].copy()
        sel["exact"] = sel.n_new == 1
        missing = sorted(set(wanted) - set(sel.new))
        if missing:
            extra = pd.DataFrame({"new": missing, "old": None, "kind": "absent", "exact": False})
            sel = pd.concat([sel, extra], ignore_index=True)
        cols = ["new", "old", "kind", "exact", "n_new", "n_old"]
        return sel[cols].sort_values(["new", "old"], na_position="last").reset_index(drop=True)

    def describe(self) -> str:
        return (
            f"HS codes mapped {self.old_edition} → {self.new_edition} by {self.source}; "
            f"{len(self.split_codes())} split codes kept as written"
        )

    def apply(self, t: Table) -> Table:
        """The panel with older codes written as the newer ones where the link is not a split.

        A code of six or more digits whose first six map to exactly one newer code (1:1, n:1)
        becomes that code (national digits beyond six are dropped, as they changed too); split
        codes and shorter codes stay as written.
        """
        import ibis

        unique = self.links[self.links.n_new == 1][["old", "new"]].drop_duplicates()
        m = ibis.memtable(unique.rename(columns={"old": "hs_old", "new": "hs_new"}))
        j = t.left_join(m, t.hs.substr(0, 6) == m.hs_old)
        mapped = ibis.ifelse(j.hs.length() >= 6, j.hs_new, ibis.null("string"))
        return j.mutate(hs=ibis.coalesce(mapped, j.hs)).select(*t.columns)


def split_report(t: Table, conc: Concordance) -> Table:
    """Value and rows held under split (1:n) older codes, by reporter, flow and code."""
    import ibis

    splits = (
        conc.links[conc.links.n_new > 1].groupby("old").new.apply(lambda s: ",".join(sorted(s)))
    )
    m = ibis.memtable(pd.DataFrame({"hs_old": splits.index, "new_codes": splits.to_numpy()}))
    leaf = t.filter(t.leaf)
    j = leaf.join(m, leaf.hs.substr(0, 6) == m.hs_old)
    return (
        j.group_by(["reporter", "flow", "currency", "hs_old", "new_codes"])
        .aggregate(rows=j.count(), value=j.value.sum())
        .order_by([ibis.desc("value")])
    )
