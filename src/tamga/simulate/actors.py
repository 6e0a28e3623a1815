"""The actors: domestic holders with names in both scripts, foreign parties, sanctioned firms.

Every name is made up from word lists (Kazakh and Russian words, legal forms), so no real firm is
named; identifiers are check-digit-valid in their national formats (Kazakh BIN, Russian INN and
OGRN, Chinese unified social credit code shape) so that validators accept them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

HOLDER_KINDS = ("importer", "wholesaler", "retailer", "manufacturer", "logistics")

# (Cyrillic, Latin) word pairs: Kazakh and Russian words used in company names
_WORDS: tuple[tuple[str, str], ...] = (
    ("Дала", "Dala"), ("Алтын", "Altyn"), ("Бастау", "Bastau"), ("Жулдыз", "Zhuldyz"),
    ("Сапа", "Sapa"), ("Береке", "Bereke"), ("Нур", "Nur"), ("Тулпар", "Tulpar"),
    ("Самал", "Samal"), ("Асар", "Asar"), ("Арман", "Arman"), ("Ак Жол", "Ak Zhol"),
    ("Кокжиек", "Kokzhiek"), ("Шанырак", "Shanyrak"), ("Сункар", "Sunkar"), ("Каспий", "Kaspiy"),
    ("Алатау", "Alatau"), ("Сарыарка", "Saryarka"), ("Есиль", "Yesil"), ("Ертис", "Ertis"),
    ("Жетысу", "Zhetysu"), ("Орда", "Orda"), ("Казына", "Kazyna"), ("Болашак", "Bolashak"),
    ("Кемел", "Kemel"), ("Ырыс", "Yrys"), ("Темир", "Temir"), ("Куат", "Kuat"),
    ("Азамат", "Azamat"), ("Достар", "Dostar"), ("Мерей", "Merey"), ("Айбын", "Aibyn"),
    ("Восток", "Vostok"), ("Сибирь", "Sibir"), ("Евразия", "Yevraziya"), ("Меридиан", "Meridian"),
    ("Гранит", "Granit"), ("Альянс", "Alyans"), ("Импульс", "Impuls"), ("Вектор", "Vektor"),
    ("Прогресс", "Progress"), ("Капитал", "Kapital"), ("Магистраль", "Magistral"),
    ("Стандарт", "Standart"), ("Профи", "Profi"), ("Атлант", "Atlant"), ("Омега", "Omega"),
    ("Континент", "Kontinent"), ("Северный", "Severnyi"), ("Южный", "Yuzhnyi"),
)  # fmt: skip

_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "importer": (("Импэкс", "Impex"), ("Импорт", "Import"), ("Трейд", "Trade"),
                 ("Интернешнл", "International"), ("Групп", "Group")),
    "wholesaler": (("Трейд", "Trade"), ("Торг", "Torg"), ("Дистрибьюшн", "Distribution"),
                   ("Снаб", "Snab"), ("Оптторг", "Opttorg"), ("Комплект", "Komplekt")),
    "retailer": (("Маркет", "Market"), ("Шоп", "Shop"), ("Ритейл", "Retail"),
                 ("Электроникс", "Electronics"), ("Плюс", "Plus")),
    "manufacturer": (("Завод", "Zavod"), ("Пром", "Prom"), ("Индастри", "Industry"),
                     ("Моторс", "Motors"), ("Пласт", "Plast"), ("Агро", "Agro")),
    "logistics": (("Логистик", "Logistic"), ("Транс", "Trans"), ("Экспресс", "Express"),
                  ("Карго", "Cargo"), ("Транзит", "Tranzit")),
}  # fmt: skip

CITIES = (
    ("Almaty", 0.30), ("Astana", 0.17), ("Shymkent", 0.10), ("Karaganda", 0.07),
    ("Aktobe", 0.05), ("Pavlodar", 0.05), ("Ust-Kamenogorsk", 0.05), ("Kostanay", 0.05),
    ("Petropavlovsk", 0.05), ("Uralsk", 0.04), ("Atyrau", 0.04), ("Aktau", 0.03),
)  # fmt: skip


@dataclass(slots=True)
class Holder:
    id: str
    name: str
    name_cyrillic: str
    kind: str
    registered: date
    city: str
    owners: list[dict[str, Any]] | None = None  # registry owners (the owned_exporter scheme)

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "name_cyrillic": self.name_cyrillic,
            "kind": self.kind,
            "registered": self.registered.isoformat(),
            "city": self.city,
        }
        if self.owners:
            record["owners"] = self.owners
        return record


def bin_check_digit(first11: str) -> int | None:
    """The check digit of a Kazakh IIN/BIN (two weight rounds mod 11; None if both give 10)."""
    digits = [int(d) for d in first11]
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


def make_bin(rng: random.Random, registered: date) -> str:
    """A valid-format BIN: YYMM of registration, 4 (resident legal entity), 0, serial, check."""
    while True:
        first = f"{registered.year % 100:02d}{registered.month:02d}40{rng.randrange(10**5):05d}"
        check = bin_check_digit(first)
        if check is not None:
            return first + str(check)


def inn_ru(rng: random.Random) -> str:
    """A check-digit-valid 10-digit Russian INN of a legal entity (Moscow region codes)."""
    body = [7, 7] + [rng.randrange(10) for _ in range(7)]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(d * w for d, w in zip(body, weights, strict=True)) % 11 % 10
    return "".join(map(str, body)) + str(check)


def ogrn_ru(rng: random.Random, year: int) -> str:
    """A check-digit-valid 13-digit OGRN (1 = legal entity, year, region 77)."""
    first12 = f"1{year % 100:02d}77{rng.randrange(10**7):07d}"
    return first12 + str(int(first12) % 11 % 10)


class NameMaker:
    """Unique company names in both scripts: 'TOO "Dala Trade"' / 'ТОО «Дала Трейд»'."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def pair(self, kind: str, form: tuple[str, str] = ("ТОО", "TOO")) -> tuple[str, str]:
        suffixes = _SUFFIXES[kind]
        for attempt in range(1000):
            w1 = self.rng.choice(_WORDS)
            sfx = self.rng.choice(suffixes)
            parts = [w1]
            if attempt > 20 or self.rng.random() < 0.3:
                parts.append(self.rng.choice(_WORDS))
            parts.append(sfx)
            if attempt > 200:
                n = str(self.rng.randrange(2, 99))
                parts.append((n, n))
            latin = " ".join(p[1] for p in parts)
            if latin in self.used:
                continue
            self.used.add(latin)
            cyr = " ".join(p[0] for p in parts)
            return f'{form[1]} "{latin}"', f"{form[0]} «{cyr}»"
        raise RuntimeError("name space exhausted")  # pragma: no cover


class Registry:
    """The domestic holders, by kind; new ones can be registered as the simulation runs."""

    def __init__(self, rng: random.Random, count: int, start: date) -> None:
        self.rng = rng
        self.names = NameMaker(rng)
        self.start = start
        self.all: list[Holder] = []
        self.ids: set[str] = set()
        self.by_kind: dict[str, list[Holder]] = {k: [] for k in HOLDER_KINDS}
        shares = {"importer": 0.2, "wholesaler": 0.3, "retailer": 0.38, "manufacturer": 0.04,
                  "logistics": 0.08}  # fmt: skip
        for kind, share in shares.items():
            for _ in range(max(3, round(count * share))):
                days = rng.randrange(365 * 2, 365 * 25)
                self.new(kind, start - timedelta(days=days))

    def new(self, kind: str, registered: date, city: str | None = None) -> Holder:
        rng = self.rng
        while True:
            bin_ = make_bin(rng, registered)
            if bin_ not in self.ids:
                break
        latin, cyr = self.names.pair(kind)
        if city is None:
            city = rng.choices([c for c, _ in CITIES], [w for _, w in CITIES])[0]
        holder = Holder(bin_, latin, cyr, kind, registered, city)
        self.ids.add(bin_)
        self.all.append(holder)
        self.by_kind[kind].append(holder)
        return holder


# -- foreign parties ---------------------------------------------------------------------------

_CN_CITIES = ("Shenzhen", "Guangzhou", "Yiwu", "Urumqi", "Ningbo", "Xiamen", "Shanghai")
_CN_WORDS = ("Huaxin", "Jinlong", "Tianyu", "Hengtai", "Xinda", "Ruixiang", "Kaida", "Longsheng",
             "Baoli", "Zhongke", "Hongyuan", "Yuanfang")  # fmt: skip
_CN_TRADE = ("Electronics", "Trading", "Import and Export", "Technology", "Industrial",
             "Supply Chain")  # fmt: skip
_WEST = {
    "DE": ("GmbH", ("Nord", "Elbe", "Rhein", "Bayern", "Hansa", "Tech")),
    "US": ("Inc.", ("Pacific", "Atlantic", "Summit", "Liberty", "Lakeside", "Prime")),
    "NL": ("B.V.", ("Oranje", "Delta", "Maas", "Polder", "Holland")),
    "SE": ("AB", ("Nordic", "Svea", "Vasa", "Fjord")),
    "TR": ("Ltd. Şti.", ("Anadolu", "Bosphorus", "Marmara", "Ege", "Toros")),
    "KR": ("Co., Ltd.", ("Hanbit", "Daehan", "Seoul", "Busan")),
    "JP": ("K.K.", ("Sakura", "Fuji", "Kanto", "Osaka")),
    "AE": ("FZE", ("Jebel Ali", "Gulf", "Emirates", "Dubai Link")),
    "BY": ("OOO", ("Minsk", "Brest", "Belvneshtorg")),
    "UZ": ("MChJ", ("Tashkent", "Samarkand", "Fergana")),
    "KG": ("OsOO", ("Bishkek", "Ala-Too", "Issyk-Kul")),
}  # fmt: skip
_WEST_TRADE = ("Trading", "Components", "Distribution", "Supply", "Export", "Industries")

# Russian consignee names: Cyrillic stems with their Latin transliteration
_RU_STEMS = (("Техно", "Tekhno"), ("Промо", "Promo"), ("Евро", "Evro"), ("Сиб", "Sib"),
             ("Урал", "Ural"), ("Волга", "Volga"), ("Нева", "Neva"), ("Гарант", "Garant"),
             ("Стройком", "Stroykom"), ("Электро", "Elektro"), ("Радио", "Radio"),
             ("Микро", "Mikro"), ("Спец", "Spets"), ("Авиа", "Avia"),
             ("Приор", "Prior"))  # fmt: skip
_RU_ENDS = (("пром", "prom"), ("снаб", "snab"), ("торг", "torg"), ("комплект", "komplekt"),
            ("сервис", "servis"), ("логистика", "logistika"), ("систем", "sistem"),
            ("импорт", "import"), ("трейд", "treid"), ("деталь", "detal"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    country: str
    name_cyrillic: str | None = None

    def as_event(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "country": self.country}


def foreign_party(rng: random.Random, country: str, serial: int) -> Party:
    """A made-up foreign trading firm in ``country``."""
    if country == "CN":
        name = f"{rng.choice(_CN_CITIES)} {rng.choice(_CN_WORDS)} {rng.choice(_CN_TRADE)} Co., Ltd."
        return Party(f"CN91{rng.randrange(10**14):014d}", name, "CN")
    if country == "RU":
        stem, end = rng.choice(_RU_STEMS), rng.choice(_RU_ENDS)
        cyr = f"ООО «{stem[0]}{end[0]}»"
        return Party(f"RU{inn_ru(rng)}", f'OOO "{stem[1]}{end[1]}"', "RU", cyr)
    form, words = _WEST.get(country, ("Ltd", ("Global", "General", "United")))
    name = f"{rng.choice(words)} {rng.choice(_WEST_TRADE)} {form}"
    return Party(f"{country}-{serial:06d}", name, country)


@dataclass(frozen=True, slots=True)
class SanctionedFirm:
    """A FICTIONAL sanctioned Russian company: its FtM entity and the Latin name a trader uses."""

    entity: dict[str, Any]
    name_cyrillic: str
    name_latin: str
    inn: str


def sanctioned_firms(rng: random.Random, count: int) -> list[SanctionedFirm]:
    """Fictional Russian defence-supply firms as FollowTheMoney ``Company`` entities."""
    from followthemoney import model

    firms: list[SanctionedFirm] = []
    seen: set[str] = set()
    while len(firms) < count:
        stem, end = rng.choice(_RU_STEMS), rng.choice(_RU_ENDS)
        form_cyr, form_lat = rng.choice((("ООО", "OOO"), ("АО", "AO")))
        cyr_core, lat_core = f"{stem[0]}{end[0]}", f"{stem[1]}{end[1]}"
        if lat_core in seen:
            continue
        seen.add(lat_core)
        inn = inn_ru(rng)
        ogrn = ogrn_ru(rng, rng.randrange(2003, 2020))
        entity = model.make_entity("Company")
        entity.make_id("tamga-sim-sanctioned", inn)
        entity.add("name", f"{form_cyr} «{cyr_core}»")
        entity.add("name", f"{form_cyr} {cyr_core.upper()}")
        entity.add("legalForm", form_cyr)
        entity.add("country", "ru")
        entity.add("innCode", inn)
        entity.add("ogrnCode", ogrn)
        entity.add("topics", "sanction")
        entity.add("notes", "FICTIONAL entity generated by tamga simulate; not a real listing")
        firms.append(
            SanctionedFirm(
                entity.to_dict(),
                f"{form_cyr} «{cyr_core}»",
                f'{form_lat} "{lat_core.upper()}"',
                inn,
            )
        )
    return firms
