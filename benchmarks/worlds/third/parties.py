"""Domestic holders (BINs, names in both scripts, branches), foreign partners, and the
fictional sanctions list with the spellings a consignee can hide behind. Every name is built
from word lists; none is a real company's."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

STEMS = [
    ("Алтын", "Altyn"),
    ("Береке", "Bereke"),
    ("Сарыарка", "Saryarka"),
    ("Астық", "Astyk"),
    ("Жетісу", "Zhetisu"),
    ("Дала", "Dala"),
    ("Тұран", "Turan"),
    ("Ақжол", "Akzhol"),
    ("Көктем", "Koktem"),
    ("Нұр", "Nur"),
    ("Шаңырақ", "Shanyrak"),
    ("Ертіс", "Ertis"),
    ("Каспий", "Kaspiy"),
    ("Орал", "Oral"),
    ("Іле", "Ile"),
    ("Самғау", "Samgau"),
    ("Бастау", "Bastau"),
    ("Кен", "Ken"),
    ("Арман", "Arman"),
    ("Мерей", "Merey"),
    ("Жібек", "Zhibek"),
    ("Атамекен", "Atameken"),
    ("Сункар", "Sunkar"),
    ("Тау", "Tau"),
    ("Евразия", "Evraziya"),
    ("Кристалл", "Kristall"),
    ("Восток", "Vostok"),
    ("Бирлик", "Birlik"),
]
TAILS = {
    "importer": [("Импорт", "Import"), ("Трейд", "Trade"), ("Снаб", "Snab"), ("Импэкс", "Impex")],
    "wholesaler": [
        ("Опт", "Opt"),
        ("Дистрибьюшн", "Distribution"),
        ("Торг", "Torg"),
        ("Маркет", "Market"),
        ("Строй", "Stroy"),
    ],
    "retailer": [("Маркет", "Market"), ("Дом", "Dom"), ("Сауда", "Sauda"), ("Шоп", "Shop")],
    "manufacturer": [
        ("Агро", "Agro"),
        ("Мукомол", "Mukomol"),
        ("Завод", "Zavod"),
        ("Пром", "Prom"),
        ("Элеватор", "Elevator"),
        ("Цемент", "Cement"),
    ],
    "logistics": [
        ("Логистик", "Logistic"),
        ("Транс", "Trans"),
        ("Терминал", "Terminal"),
        ("Брокер", "Broker"),
        ("Экспедиция", "Ekspeditsiya"),
    ],
}
CITIES = [
    ("Almaty", 30),
    ("Astana", 16),
    ("Shymkent", 12),
    ("Karaganda", 7),
    ("Aktobe", 5),
    ("Kostanay", 5),
    ("Pavlodar", 5),
    ("Ust-Kamenogorsk", 4),
    ("Taraz", 4),
    ("Petropavl", 4),
    ("Uralsk", 3),
    ("Atyrau", 3),
    ("Kyzylorda", 2),
    ("Zharkent", 2),
    ("Saryagash", 2),
]
CITY_RU = {
    "Almaty": "Алматы",
    "Astana": "Астана",
    "Shymkent": "Шымкент",
    "Karaganda": "Караганда",
    "Aktobe": "Актобе",
    "Kostanay": "Костанай",
    "Pavlodar": "Павлодар",
    "Taraz": "Тараз",
    "Ust-Kamenogorsk": "Усть-Каменогорск",
    "Petropavl": "Петропавловск",
    "Uralsk": "Уральск",
    "Atyrau": "Атырау",
    "Kyzylorda": "Кызылорда",
    "Zharkent": "Жаркент",
    "Saryagash": "Сарыагаш",
}
SURNAMES = [
    ("Сейткали", "Seitkali"),
    ("Ахметов", "Akhmetov"),
    ("Жумабаев", "Zhumabayev"),
    ("Ким", "Kim"),
    ("Омаров", "Omarov"),
    ("Нургалиев", "Nurgaliyev"),
    ("Бекова", "Bekova"),
]


def bin_check_digit(first11: str) -> int | None:
    """The 12th digit of a Kazakh IIN/BIN (two weight passes; ``None`` when both give 10)."""
    digits = [int(c) for c in first11]
    total = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if total == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if total == 10:
            return None
    return total


@dataclass
class Holder:
    id: str
    name: str
    name_cyrillic: str
    kind: str
    registered: date
    city: str
    head: str | None = None  # a branch's head office

    def row(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "name_cyrillic": self.name_cyrillic,
            "kind": self.kind,
            "registered": self.registered.isoformat(),
            "city": self.city,
        }


@dataclass
class Registry:
    rng: random.Random
    holders: list[Holder] = field(default_factory=list)
    by_kind: dict[str, list[Holder]] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _names: set[str] = field(default_factory=set)

    def new_bin(self, registered: date, attribute: int = 0) -> str:
        while True:
            first = f"{registered:%y%m}4{attribute}{self.rng.randint(0, 99999):05d}"
            check = bin_check_digit(first)
            if check is not None and first + str(check) not in self._used:
                self._used.add(first + str(check))
                return first + str(check)

    def add(
        self, kind: str, registered: date, city: str | None = None, listed: bool = True
    ) -> Holder:
        rng = self.rng
        city = city or rng.choices([c for c, _ in CITIES], [w for _, w in CITIES])[0]
        for _ in range(50):
            stem = rng.choice(STEMS)
            tail = rng.choice(TAILS[kind])
            if rng.random() < 0.12:
                sur = rng.choice(SURNAMES)
                ru, la = f"ИП «{sur[0]}»", f'IP "{sur[1]}"'
            else:
                form_ru, form_la = ("ТОО", "TOO") if rng.random() < 0.93 else ("АО", "AO")
                ru = f"{form_ru} «{stem[0]} {tail[0]}»"
                la = f'{form_la} "{stem[1]} {tail[1]}"'
            if ru not in self._names:
                break
            ru, la = f"{ru[:-1]}-{rng.randint(2, 99)}»", f'{la[:-1]}-{rng.randint(2, 99)}"'
            if ru not in self._names:
                break
        self._names.add(ru)
        holder = Holder(self.new_bin(registered), la, ru, kind, registered, city)
        if listed:
            self.holders.append(holder)
            self.by_kind.setdefault(kind, []).append(holder)
        return holder

    def branch(self, head: Holder, city: str) -> Holder:
        registered = max(
            head.registered + timedelta(days=self.rng.randint(60, 2000)), head.registered
        )
        registered = min(registered, date(2023, 12, 1))
        ru = f"Филиал {head.name_cyrillic} в г. {CITY_RU[city]}"
        la = f"Branch of {head.name} in {city}"
        holder = Holder(self.new_bin(registered, 1), la, ru, head.kind, registered, city, head.id)
        self.holders.append(holder)
        self.by_kind.setdefault(head.kind, []).append(holder)
        return holder

    def pick(self, kind: str, before: date | None = None) -> Holder:
        pool = self.by_kind[kind]
        if before is not None:
            pool = [h for h in pool if h.registered <= before - timedelta(days=200)] or pool
        return self.rng.choice(pool)


def old_registration(rng: random.Random) -> date:
    return date(2004, 1, 1) + timedelta(days=rng.randint(0, 365 * 19))


# -- foreign partners ------------------------------------------------------------------------

FOREIGN_WORDS = {
    "CN": [
        "Xinjiang Tianshan",
        "Urumqi Silk Road",
        "Yiwu Jinhua",
        "Guangzhou Huanan",
        "Shenzhen Kaida",
        "Horgos Lianyun",
        "Zhejiang Hongda",
        "Hebei Jinxin",
    ],
    "TR": ["Anadolu", "Ege Yapi", "Marmara Dis Ticaret", "Kayseri Mobilya", "Bursa Tekstil"],
    "RU": ["Уралснаб", "СибТоргСервис", "Волга-Агро", "Южный Терминал", "Омская Логистика"],
    "BY": ["Белагроторг", "Минский Дистрибьютор", "Гомельснаб"],
    "KG": ["Бишкек Импорт", "Ала-Тоо Сервис", "Ош Агро"],
    "UZ": ["Toshkent Savdo", "Samarqand Meva", "Fargona Tekstil", "Buxoro Agro"],
    "DE": ["Rheinland Industriebedarf", "Hansa Export", "Bayern Technik"],
    "JP": ["Kansai Trading", "Tokai Boeki", "Kyushu Industrial"],
    "US": ["Great Lakes Supply", "Pacific Components", "Delaware Industrial"],
    "AE": ["Jebel Ali General Trading", "Gulf Bridge FZE", "Deira Star Trading"],
    "KR": ["Hanil Trading", "Busan Global"],
    "AF": ["Mazar Trading", "Hairatan Food"],
    "TJ": ["Душанбе Савдо", "Худжанд Агро"],
}
FORMS = {
    "CN": " Co., Ltd.",
    "TR": " A.S.",
    "DE": " GmbH",
    "JP": " K.K.",
    "US": " Inc.",
    "AE": " LLC",
    "KR": " Co., Ltd.",
    "AF": " Ltd",
    "UZ": " MChJ",
}
RU_FORMS = {"RU": "ООО", "BY": "ООО", "KG": "ОсОО", "TJ": "ООО"}


def foreign_id(rng: random.Random, country: str) -> str:
    if country == "RU":
        return "RU" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    if country == "BY":
        return "BY" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    if country == "CN":
        return "CN91" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(14))
    if country in {"DE"}:
        return "DE" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return country + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([9, 10, 13, 14])))


@dataclass
class Partner:
    id: str
    country: str
    names: list[str]  # successive names (some firms rename during the year)
    renamed_on: date | None = None

    def name_on(self, on: date) -> str:
        if self.renamed_on is not None and on >= self.renamed_on:
            return self.names[-1]
        return self.names[0]


def make_partners(rng: random.Random, per_country: int = 4) -> dict[str, list[Partner]]:
    partners: dict[str, list[Partner]] = {}
    for country, words in FOREIGN_WORDS.items():
        out: list[Partner] = []
        for i in range(per_country):
            base = words[i % len(words)]
            if i >= len(words):
                base = f"{base} {rng.choice(['Group', 'Holding', 'Plus', 'International'])}"
            if country in RU_FORMS:
                name = f"{RU_FORMS[country]} «{base}»"
                renamed = (
                    f"АО «{base}»" if rng.random() < 0.5 else f"{RU_FORMS[country]} «{base} Групп»"
                )
            else:
                name = base + FORMS.get(country, " Ltd")
                renamed = base + " International" + FORMS.get(country, " Ltd")
            partner = Partner(foreign_id(rng, country), country, [name])
            if rng.random() < 0.15:
                partner.names.append(renamed)
                partner.renamed_on = date(2024, rng.randint(3, 10), rng.randint(1, 28))
            out.append(partner)
        partners[country] = out
    return partners
