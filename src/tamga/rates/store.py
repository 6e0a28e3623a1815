"""Rates in the store: ``tamga rates load`` writes them, the risk engine reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from tamga.rates.model import RatesTable
from tamga.rates.parsing import RateRow, read_rates
from tamga.store.rates_tables import exchange_rates, rates_loads


@dataclass(frozen=True)
class RatesLoad:
    source: str
    base: str
    rows: int
    added: int
    changed: int


class RatesStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load_file(self, path: Path, base: str = "KZT") -> RatesLoad:
        """Load a whole file (nothing from it if a row is bad); loading it again changes
        nothing, a file with corrected rates replaces those days' rates."""
        base = base.upper()
        return self.load_rows(read_rates(path, base), base, str(path))

    def load_rows(self, rows: list[RateRow], base: str, source: str) -> RatesLoad:
        with self.engine.begin() as conn:
            have = {
                (cur, day): rate
                for cur, day, rate in conn.execute(
                    select(
                        exchange_rates.c.currency, exchange_rates.c.day, exchange_rates.c.rate
                    ).where(exchange_rates.c.base == base)
                )
            }
            new: list[dict[str, Any]] = []
            changed = 0
            for row in rows:
                if row.currency == base:
                    continue
                old = have.get((row.currency, row.day))
                if old is None:
                    new.append(
                        {
                            "base": base,
                            "currency": row.currency,
                            "day": row.day,
                            "rate": row.rate,
                            "source": source[-300:],
                        }
                    )
                elif old != row.rate:
                    changed += 1
                    conn.execute(
                        update(exchange_rates)
                        .where(
                            exchange_rates.c.base == base,
                            exchange_rates.c.currency == row.currency,
                            exchange_rates.c.day == row.day,
                        )
                        .values(rate=row.rate, source=source[-300:])
                    )
            if new:
                conn.execute(insert(exchange_rates), new)
            if new or changed:
                conn.execute(
                    insert(rates_loads).values(
                        source=source[-300:],
                        base=base,
                        loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
                        rows=len(rows),
                        added=len(new),
                        changed=changed,
                    )
                )
        return RatesLoad(source, base, len(rows), len(new), changed)

    def base(self) -> str | None:
        """The base of the latest load (the one the rules convert through)."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(rates_loads.c.base).order_by(rates_loads.c.load_id.desc()).limit(1)
            ).scalar()

    def table(self) -> RatesTable | None:
        base = self.base()
        if base is None:
            return None
        with self.engine.connect() as conn:
            rows = [
                RateRow(day, cur, rate)
                for cur, day, rate in conn.execute(
                    select(
                        exchange_rates.c.currency, exchange_rates.c.day, exchange_rates.c.rate
                    ).where(exchange_rates.c.base == base)
                )
            ]
        return RatesTable(base, rows)

    def revision(self) -> tuple[Any, ...]:
        """Moves whenever a load changed something (the risk runtime rebuilds on it)."""
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(func.max(rates_loads.c.load_id))).one())
