"""A small Comext-format extract written by the tests (made-up figures, real file layout)."""

from __future__ import annotations

from pathlib import Path

HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR"

ROWS = [
    # EU members' exports to Kyrgyzstan, with the EU27 aggregate row that must not be added
    (
        "Germany (incl. German Democratic Republic 'DD' from 1991)",
        "Kyrgyzstan",
        "2-EXPORT",
        "Jan.-Dec. 2021",
        120,
    ),
    (
        "Germany (incl. German Democratic Republic 'DD' from 1991)",
        "Kyrgyzstan",
        "2-EXPORT",
        "Jan.-Dec. 2022",
        300,
    ),
    (
        "France (incl. Saint Barthélemy 'BL' -> 2012)",
        "Kyrgyzstan",
        "2-EXPORT",
        "Jan.-Dec. 2021",
        80,
    ),
    (
        "France (incl. Saint Barthélemy 'BL' -> 2012)",
        "Kyrgyzstan",
        "2-EXPORT",
        "Jan.-Dec. 2022",
        100,
    ),
    (
        '"European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR)"',
        "Kyrgyzstan",
        "2-EXPORT",
        "Jan.-Dec. 2022",
        400,
    ),
    # Kyrgyzstan's own import figures (French labels, as some extracts have)
    ("Kirghizistan", "Allemagne", "IMPORTATION", "Jan.-Dec. 2021", 110),
    ("Kirghizistan", "Allemagne", "IMPORTATION", "Jan.-Dec. 2022", 100),
    ("Kirghizistan", "France", "IMPORTATION", "Jan.-Dec. 2022", 50),
    ("Kirghizistan", "Chine", "IMPORTATION", "Jan.-Dec. 2022", 900),
]


def write_eurostat_sample(path: Path) -> Path:
    lines = [HEADER]
    for reporter, partner, flow, period, value in ROWS:
        lines.append(f"{reporter},{partner},TOTAL-Total,{flow},T-Total,{period},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
