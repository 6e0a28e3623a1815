"""Legal forms of companies, by family, in Latin, matched on skeletons.

A party is written ``ТОО "Алма"``, ``Alma LLP`` or ``ЖШС Алма``: the form is taken out of the name
before names are compared, and kept as a separate feature (a limited company against a joint-stock
company of the same name is a weaker match). Russian OAO/ZAO became PAO/AO in 2014, so the
joint-stock forms are one family. Facts written from the civil codes of Russia and Kazakhstan.
"""

from __future__ import annotations

from enum import StrEnum

from tamga.screening.fold import skeleton


class LegalFamily(StrEnum):
    LIMITED = "limited"  # OOO, LLC, TOO, LLP, ZhShS, TOV, Ltd, GmbH ...
    JOINT_STOCK = "joint_stock"  # AO, JSC, PAO, PJSC, ZAO, CJSC, OAO, OJSC, AG, SA, PLC ...
    SOLE_TRADER = "sole_trader"  # IP, ChP, individual entrepreneur (a person trading)
    STATE = "state"  # FGUP, GUP, MUP, RGP: state and municipal unitary enterprises
    OTHER = "other"  # cooperatives, partnerships, foundations, institutions


_FORMS: dict[LegalFamily, tuple[str, ...]] = {
    LegalFamily.LIMITED: (
        "ooo", "llc", "l l c", "too", "llp", "l l p", "zhshs", "tov", "ltd", "limited",
        "gmbh", "gmbh co kg", "sp z o o", "sro", "s r o", "srl", "sarl", "bv", "fzco", "fze",
        "fz llc",
        # Turkish: Limited Şirketi, with ş as s (ASCII) or sh (transliterated)
        "ltd sti", "ltd shti", "limited sirketi", "limited shirketi",
        "pte ltd", "pvt ltd", "limited liability company", "limited liability partnership",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "obshchestvo s ogranichennoj otvetstvennostju",
        "tovarishchestvo s ogranichennoy otvetstvennostyu",
        "tovarishchestvo s ogranichennoi otvetstvennostiu",
        "zhauapkershiligi shekteuli seriktestik", "zhauapkershiligi shekteuli seriktestigi",
        "tovarystvo z obmezhenoyu vidpovidalnistyu",
        "tovarystvo z obmezhenoiu vidpovidalnistiu",
    ),
    LegalFamily.JOINT_STOCK: (
        "ao", "jsc", "pao", "pjsc", "zao", "cjsc", "oao", "ojsc", "nao", "pat", "prat", "at",
        "ag", "sa", "plc", "s a", "jsc co", "joint stock company", "open joint stock company",
        "anonim sirketi", "anonim shirketi",
        "closed joint stock company", "public joint stock company",
        "non public joint stock company", "joint-stock company",
        "aktsionernoe obshchestvo", "aktsionernoye obshchestvo",
        "publichnoe aktsionernoe obshchestvo", "publichnoye aktsionernoye obshchestvo",
        "otkrytoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
        "nepublichnoe aktsionernoe obshchestvo", "aktsionerlik kogam",
        "publichne aktsionerne tovarystvo",
        "pryvatne aktsionerne tovarystvo", "aktsionerne tovarystvo",
    ),
    LegalFamily.SOLE_TRADER: (
        "ip", "chp", "fop", "spd", "zhk", "zhek",
        "pbyul", "individual entrepreneur", "sole proprietor",
        "individualnyy predprinimatel", "individualnyi predprinimatel",
        "individualnyj predprinimatel", "zheke kasipker", "fizychna osoba pidpryiemets",
    ),
    LegalFamily.STATE: (
        "fgup", "gup", "mup", "rgp", "gkp", "fgbu", "fgbou", "fku", "gku",
        "federal state unitary enterprise", "state unitary enterprise",
        "federalnoe gosudarstvennoe unitarnoe predpriyatie",
        "gosudarstvennoe unitarnoe predpriyatie", "respublikanskoe gosudarstvennoe predpriyatie",
    ),
    LegalFamily.OTHER: (
        "npo", "ano", "nko", "kg", "co kg", "pk", "spk", "kooperativ", "cooperative",
        "foundation", "fond",
        "uchrezhdenie", "institution", "partnership",
    ),
}  # fmt: skip

#: token tuple of every form -> its family, longest forms first (so phrases win over parts)
FORMS: dict[tuple[str, ...], LegalFamily] = dict(
    sorted(
        (
            (tuple(skeleton(t) for t in form.split()), family)
            for family, forms in _FORMS.items()
            for form in forms
        ),
        key=lambda item: -len(item[0]),
    )
)
MAX_FORM_LEN = max(len(k) for k in FORMS)


def split_legal_forms(tokens: list[str]) -> tuple[list[str], set[LegalFamily]]:
    """Remove legal-form phrases from ``tokens``; return the rest and the families found.

    A name that is nothing but a legal form (``"Limited"``) keeps its tokens, so it can still
    be compared.
    """
    rest: list[str] = []
    families: set[LegalFamily] = set()
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(MAX_FORM_LEN, n - i), 0, -1):
            family = FORMS.get(tuple(tokens[i : i + size]))
            if family is not None:
                families.add(family)
                i += size
                break
        else:
            rest.append(tokens[i])
            i += 1
    if not rest:
        return tokens, families
    return rest, families


def families_conflict(a: set[LegalFamily], b: set[LegalFamily]) -> bool:
    """Both names state a legal form and no family is shared (LLC against JSC)."""
    return bool(a) and bool(b) and not (a & b)
