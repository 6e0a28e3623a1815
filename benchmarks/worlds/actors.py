"""Who trades in the second world: domestic holders (BIN), foreign parties, a sanctions list.

Every name is built from invented word lists; none is a real firm or person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

# domestic name parts: (latin, cyrillic)
_STEMS = [
    ("Dala", "Дала"),
    ("Altyn", "Алтын"),
    ("Kazyna", "Казына"),
    ("Sapa", "Сапа"),
    ("Shygys", "Шыгыс"),
    ("Batys", "Батыс"),
    ("Zhol", "Жол"),
    ("Kerueen", "Керуен"),
    ("Nur", "Нур"),
    ("Sauda", "Сауда"),
    ("Tulpar", "Тулпар"),
    ("Aspan", "Аспан"),
    ("Baiterek", "Байтерек"),
    ("Arman", "Арман"),
    ("Samruk", "Самрук"),
    ("Ulan", "Улан"),
    ("Zhuldyz", "Жулдыз"),
    ("Kokzhiek", "Кокжиек"),
    ("Tau", "Тау"),
    ("Orda", "Орда"),
    ("Sary", "Сары"),
    ("Ak", "Ак"),
    ("Kok", "Кок"),
    ("Ertis", "Ертис"),
    ("Esil", "Есиль"),
    ("Ile", "Иле"),
    ("Alatau", "Алатау"),
    ("Tarlan", "Тарлан"),
    ("Bereke", "Береке"),
    ("Ken", "Кен"),
    ("Kaz", "Каз"),
    ("Evraz", "Евраз"),
    ("Sibir", "Сибирь"),
    ("Vostok", "Восток"),
    ("Yug", "Юг"),
    ("Sever", "Север"),
    ("Mega", "Мега"),
    ("Prima", "Прима"),
    ("Astra", "Астра"),
    ("Kontinent", "Континент"),
    ("Imperial", "Империал"),
    ("Favorit", "Фаворит"),
    ("Lider", "Лидер"),
    ("Optima", "Оптима"),
    ("Galaktika", "Галактика"),
    ("Sfera", "Сфера"),
]
_TAILS = {
    "importer": [
        ("Trade", "Трейд"),
        ("Impex", "Импэкс"),
        ("Import", "Импорт"),
        ("Commerce", "Коммерс"),
        ("Group", "Групп"),
    ],
    "wholesaler": [
        ("Distribution", "Дистрибьюшн"),
        ("Opt", "Опт"),
        ("Snab", "Снаб"),
        ("Supply", "Саплай"),
        ("Market", "Маркет"),
    ],
    "retailer": [("Retail", "Ритейл"), ("Shop", "Шоп"), ("Store", "Стор"), ("Mart", "Март")],
    "manufacturer": [
        ("Zavod", "Завод"),
        ("Industries", "Индастриз"),
        ("Prom", "Пром"),
        ("Fabrika", "Фабрика"),
        ("Tekstil", "Текстиль"),
    ],
    "logistics": [
        ("Trans", "Транс"),
        ("Logistic", "Логистик"),
        ("Cargo", "Карго"),
        ("Avto", "Авто"),
        ("Express", "Экспресс"),
    ],
}
CITIES = [
    ("Almaty", 34),
    ("Astana", 16),
    ("Shymkent", 9),
    ("Karaganda", 6),
    ("Aktobe", 4),
    ("Pavlodar", 3),
    ("Ust-Kamenogorsk", 3),
    ("Atyrau", 3),
    ("Kostanay", 3),
    ("Petropavl", 2),
    ("Semey", 2),
    ("Taraz", 3),
    ("Uralsk", 2),
    ("Kyzylorda", 2),
    ("Taldykorgan", 2),
    ("Aktau", 2),
]


def bin_check_digit(first11: str) -> int | None:
    """The 12th digit of a Kazakh BIN/IIN, or None when the number cannot have one."""
    digits = [int(c) for c in first11]
    s = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if s == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if s == 10:
            return None
    return s


def make_bin(rng: random.Random, registered: date, used: set[str]) -> str:
    """A BIN: YYMM of registration, 4 (resident legal entity), 0 (head office), 5 serial, check."""
    while True:
        head = f"{registered:%y%m}40{rng.randrange(100000):05d}"
        check = bin_check_digit(head)
        if check is not None and head + str(check) not in used:
            used.add(head + str(check))
            return head + str(check)


@dataclass
class Holder:
    id: str
    name: str
    name_cyrillic: str
    kind: str
    registered: date
    city: str

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "name_cyrillic": self.name_cyrillic,
            "kind": self.kind,
            "registered": self.registered.isoformat(),
            "city": self.city,
        }


def make_holder(
    rng: random.Random, kind: str, registered: date, used_ids: set[str], used_names: set[str]
) -> Holder:
    for _ in range(200):
        (s1, c1), (t1, ct1) = rng.choice(_STEMS), rng.choice(_TAILS[kind])
        if rng.random() < 0.3:
            s2, c2 = rng.choice(_STEMS)
            lat, cyr = f"{s1}{s2.lower()} {t1}", f"{c1}{c2.lower()} {ct1}"
        elif rng.random() < 0.25:
            n = rng.choice(["2000", "KZ", "Plus", "Asia", "Service"])
            cn = {"2000": "2000", "KZ": "KZ", "Plus": "Плюс", "Asia": "Азия", "Service": "Сервис"}[
                n
            ]
            lat, cyr = f"{s1} {t1} {n}", f"{c1} {ct1} {cn}"
        else:
            lat, cyr = f"{s1} {t1}", f"{c1} {ct1}"
        if lat not in used_names:
            used_names.add(lat)
            break
    city = rng.choices([c for c, _ in CITIES], [w for _, w in CITIES])[0]
    return Holder(
        make_bin(rng, registered, used_ids), f'TOO "{lat}"', f"ТОО «{cyr}»", kind, registered, city
    )


# -- foreign parties ---------------------------------------------------------------------------
_FOREIGN_WORDS = {
    "CN": [
        "Shenzhen Huaxin",
        "Yiwu Jinda",
        "Guangzhou Tianrun",
        "Xiamen Hongsheng",
        "Ningbo Yongfa",
        "Urumqi Tianshan",
        "Hangzhou Ruibo",
        "Dongguan Kaili",
        "Suzhou Mingda",
        "Chengdu Jiahe",
        "Shanghai Boyuan",
        "Qingdao Haitong",
    ],
    "TR": [
        "Anadolu Dis Ticaret",
        "Marmara Tekstil",
        "Ege Elektronik",
        "Bosfor Lojistik",
        "Kapadokya Gida",
        "Toros Makina",
        "Karadeniz Ithalat",
    ],
    "AE": [
        "Gulf Horizon General Trading",
        "Jebel Star Electronics",
        "Al Noor Trading",
        "Desert Falcon FZE",
        "Emirates Bridge Trading",
        "Palm Line General Trading",
    ],
    "DE": [
        "Rheinwerk Handels",
        "Nordtal Elektronik",
        "Bergmann Industrietechnik",
        "Hansa Komponenten",
        "Lindner Vertrieb",
    ],
    "US": [
        "Lakeshore Components",
        "Redwood Electronics Supply",
        "Granite Peak Industrial",
        "Bayview Distribution",
    ],
    "JP": ["Kiyomizu Shoji", "Hoshino Trading", "Sakuragi Denki", "Minato Buhin"],
    "KR": ["Hanbit Trading", "Daewon Global", "Seorin Tech"],
    "RU": [
        "Uraltorg",
        "Volgasnab",
        "Sibirskiy Dom",
        "Promtekh",
        "Tekhnoimpuls",
        "Severnaya Zvezda",
        "Yuzhnyi Port",
        "Orbita",
        "Signal-M",
        "Kvant-Servis",
        "Stroimontazh",
        "Tsentrsnab",
        "Baltika-Opt",
        "Vektor",
        "Novatek-Snab",
    ],
    "BY": ["Belpromsnab", "Minsk-Komplekt", "Polesie-Torg"],
    "KG": ["Ala-Too Trade", "Bishkek Market Group", "Issyk-Kul Sauda"],
    "UZ": ["Tashkent Savdo", "Samarkand Meva", "Fergana Tekstil", "Navoi Invest Trade"],
    "AM": ["Ararat Trade", "Yerevan Tech Supply", "Sevan Export"],
    "GB": ["Thames Components", "Pennine Trading"],
    "IT": ["Lombarda Macchine", "Tessile Veneto"],
    "PL": ["Wisla Handel", "Mazury Eksport"],
    "FR": ["Rhone Export", "Atlantique Distribution"],
    "CH": ["Leman Components", "Alpstrasse Handels"],
    "IN": ["Kaveri Tea Exports", "Malabar Traders"],
    "LK": ["Kandy Highland Tea"],
    "KE": ["Mombasa Tea Brokers"],
    "EG": ["Delta Citrus Export"],
    "TJ": ["Khujand Savdo"],
    "TW": ["Hsinchu Components", "Taoyuan Precision", "Kaohsiung Electronics"],
    "MY": ["Penang Semicon Supply", "Johor Industrial Parts"],
    "VN": ["Bac Ninh Electronics", "Hai Phong Assembly"],
    "AF": ["Mazar Trading Company"],
}
_FORM = {
    "CN": "Co., Ltd",
    "TR": "A.S.",
    "AE": "LLC",
    "DE": "GmbH",
    "US": "Inc.",
    "JP": "K.K.",
    "KR": "Co., Ltd",
    "RU": "OOO",
    "BY": "OOO",
    "KG": "OsOO",
    "UZ": "MChJ",
    "AM": "LLC",
    "GB": "Ltd",
    "IT": "S.r.l.",
    "PL": "Sp. z o.o.",
    "FR": "SAS",
    "CH": "AG",
    "IN": "Pvt Ltd",
    "LK": "(Pvt) Ltd",
    "KE": "Ltd",
    "EG": "S.A.E.",
    "TJ": "LLC",
    "AF": "Ltd",
    "TW": "Co., Ltd",
    "MY": "Sdn. Bhd.",
    "VN": "JSC",
}
_RU_CYR = {
    "Uraltorg": "Уралторг",
    "Volgasnab": "Волгаснаб",
    "Sibirskiy Dom": "Сибирский Дом",
    "Promtekh": "Промтех",
    "Tekhnoimpuls": "Техноимпульс",
    "Severnaya Zvezda": "Северная Звезда",
    "Yuzhnyi Port": "Южный Порт",
    "Orbita": "Орбита",
    "Signal-M": "Сигнал-М",
    "Kvant-Servis": "Квант-Сервис",
    "Stroimontazh": "Строймонтаж",
    "Tsentrsnab": "Центрснаб",
    "Baltika-Opt": "Балтика-Опт",
    "Vektor": "Вектор",
    "Novatek-Snab": "Новатек-Снаб",
}


def ru_inn(rng: random.Random) -> str:
    """A Russian legal entity's INN (10 digits) with a valid check digit."""
    region = rng.choice(["77", "78", "50", "66", "74", "54", "55", "63", "16", "02", "56", "72"])
    body = region + f"{rng.randrange(10**7):07d}"
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    check = sum(int(d) * k for d, k in zip(body, w, strict=True)) % 11 % 10
    return body + str(check)


def foreign_id(rng: random.Random, country: str) -> str:
    match country:
        case "CN":
            return (
                "91"
                + f"{rng.randrange(10**6):06d}"
                + "MA"
                + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
            )
        case "RU":
            return ru_inn(rng)
        case "TR":
            return f"{rng.randrange(10**10):010d}"
        case "AE":
            return "100" + f"{rng.randrange(10**12):012d}"
        case "DE":
            return f"DE{rng.randrange(10**9):09d}"
        case "US":
            return f"{rng.randrange(10, 99)}-{rng.randrange(10**7):07d}"
        case "JP":
            return f"{rng.randrange(10**13):013d}"
        case "KG":
            return f"0{rng.randrange(10**13):013d}"
        case "UZ":
            return f"{rng.randrange(200_000_000, 399_999_999)}"
        case _:
            return f"{country}{rng.randrange(10**9):09d}"


def ru_person_inn(rng: random.Random) -> str:
    """A Russian individual's INN (12 digits, two check digits)."""
    body = [int(c) for c in rng.choice(["77", "78", "50", "66", "74", "54"])]
    body += [rng.randrange(10) for _ in range(8)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    body.append(sum(d * k for d, k in zip(body, w1, strict=True)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    body.append(sum(d * k for d, k in zip(body, w2, strict=True)) % 11 % 10)
    return "".join(map(str, body))


def ru_ogrn(rng: random.Random, inn: str) -> str:
    """A Russian legal entity's OGRN (13 digits): sign, year, region, serial, check digit."""
    head = f"1{rng.randint(2, 22):02d}{inn[:2]}{rng.randrange(10**7):07d}"
    return head + str(int(head) % 11 % 10)


@dataclass(frozen=True)
class Foreign:
    id: str
    name: str
    country: str

    def party(self) -> dict[str, str]:
        pid = self.id if self.id.startswith(self.country) else f"{self.country}{self.id}"
        return {"id": pid, "name": self.name, "country": self.country}


# Russian firm names from parts (Latin, Cyrillic): many buyers, none of them a real firm
_RU_HEADS = [
    ("Ural", "Урал"),
    ("Volga", "Волга"),
    ("Sibir", "Сибирь"),
    ("Tekhno", "Техно"),
    ("Prom", "Пром"),
    ("Neva", "Нева"),
    ("Kama", "Кама"),
    ("Don", "Дон"),
    ("Oka", "Ока"),
    ("Sever", "Север"),
    ("Zapad", "Запад"),
    ("Yug", "Юг"),
    ("Tsentr", "Центр"),
    ("Alfa", "Альфа"),
    ("Avangard", "Авангард"),
    ("Region", "Регион"),
    ("Stolitsa", "Столица"),
    ("Evro", "Евро"),
]
_RU_TAILS = [
    ("snab", "снаб"),
    ("torg", "торг"),
    ("trade", "трейд"),
    ("komplekt", "комплект"),
    ("servis", "сервис"),
    ("market", "маркет"),
    ("logistika", "логистика"),
    ("opt", "опт"),
    ("import", "импорт"),
    ("resurs", "ресурс"),
]
_SUPPLIER_TAILS = {
    "CN": ["Trading", "Electronics", "Industrial", "Import & Export", "Technology"],
    "TR": ["Dis Ticaret", "Sanayi", "Pazarlama"],
    "AE": ["General Trading", "FZE", "FZCO"],
    "UZ": ["Savdo", "Invest", "Servis", "Import"],
    "KG": ["Trade", "Group", "Import"],
    "TJ": ["Savdo", "Trade", "Invest"],
    "AF": ["Trading", "Import Export", "Brothers"],
    "BY": ["Torg", "Snab", "Trade"],
    "AM": ["Trade", "Import", "Group"],
}
_PLACES = {
    "UZ": ["Andijan", "Bukhara", "Namangan", "Chirchiq"],
    "KG": ["Osh", "Chui", "Talas", "Naryn"],
    "TJ": ["Dushanbe", "Kulob", "Istaravshan", "Panj"],
    "AF": ["Kabul", "Herat", "Hairatan", "Balkh"],
    "BY": ["Gomel", "Vitebsk", "Brest", "Grodno"],
    "AM": ["Gyumri", "Vanadzor", "Armavir", "Ashtarak"],
}


def make_foreigners(rng: random.Random) -> dict[str, list[Foreign]]:
    out: dict[str, list[Foreign]] = {}
    for cc, words in _FOREIGN_WORDS.items():
        lst = []
        for w in words:
            if cc in ("RU", "BY"):
                cyr = _RU_CYR.get(w, w)
                name = f"ООО «{cyr}»" if rng.random() < 0.6 else f"{_FORM[cc]} {w}"
            else:
                name = f"{w} {_FORM[cc]}"
            lst.append(Foreign(foreign_id(rng, cc), name, cc))
        out[cc] = lst
    # Russia buys from many firms, and China, Turkey and the Emirates sell through many
    seen = {f.name for f in out["RU"]}
    while len(out["RU"]) < 90:
        (hl, hc), (tl, tc) = rng.choice(_RU_HEADS), rng.choice(_RU_TAILS)
        form = rng.choice(["ООО", "ООО", "ООО", "АО", "ИП"])
        if form == "ИП":
            name = (
                f"ИП {rng.choice(_RU_SURNAMES)} {rng.choice('АБВГДЕИКЛМНОПРСТ')}."
                f"{rng.choice('АБВГДЕИКЛМНОПРСТ')}."
            )
        else:
            name = f"{form} «{hc}{tc}»" if rng.random() < 0.8 else f"OOO {hl}{tl}"
        if name not in seen:
            seen.add(name)
            out["RU"].append(Foreign(foreign_id(rng, "RU"), name, "RU"))
    for cc, tails in _SUPPLIER_TAILS.items():
        stems = [w.split()[0] for w in _FOREIGN_WORDS[cc]]
        names = {f.name for f in out[cc]}
        while len(out[cc]) < max(12, 3 * len(_FOREIGN_WORDS[cc])):
            second = rng.choice(_CN_MIDDLE if cc == "CN" else _PLACES.get(cc, stems))
            name = f"{rng.choice(stems)} {second} {rng.choice(tails)} {_FORM[cc]}"
            if name not in names:
                names.add(name)
                out[cc].append(Foreign(foreign_id(rng, cc), name, cc))
    return out


_RU_SURNAMES = [
    "Иванов",
    "Смирнова",
    "Кузнецов",
    "Попов",
    "Соколова",
    "Лебедев",
    "Козлов",
    "Новикова",
    "Морозов",
    "Волков",
    "Соловьев",
    "Васильева",
    "Зайцев",
    "Павлов",
]
_CN_MIDDLE = ["Xinda", "Huamei", "Jiuzhou", "Hengyuan", "Tianyi", "Baosheng", "Longteng"]


# -- the sanctions list ------------------------------------------------------------------------
_LISTED_COMPANIES = [
    ("Кристаллон", "Kristallon"),
    ("Радиоэлектроника-Восток", "Radioelektronika-Vostok"),
    ("Спецкомплектприбор", "Spetskomplektpribor"),
    ("Микротехснаб", "Mikrotekhsnab"),
    ("Электронные Системы Урала", "Elektronnye Sistemy Urala"),
    ("Навигатор-Прибор", "Navigator-Pribor"),
    ("Оптрон-Трейд", "Optron-Treid"),
    ("Гироскоп", "Giroskop"),
    ("Полюс-Микро", "Polyus-Mikro"),
    ("Северсталькомплект", "Severstalkomplekt"),
    ("Технопарк Зенит", "Tekhnopark Zenit"),
    ("Аэроприбор-Снаб", "Aeropribor-Snab"),
    ("Радар ММС Логистик", "Radar MMS Logistik"),
    ("Импульс-Т", "Impuls-T"),
    ("Балтийский Подшипник", "Baltiyskiy Podshipnik"),
    ("ВолгаЧип", "VolgaChip"),
    ("Квантор", "Kvantor"),
    ("Ростехснаб-М", "Rostekhsnab-M"),
    ("Сигма Компонент", "Sigma Komponent"),
    ("Уралсемикон", "Uralsemikon"),
]
_LISTED_PERSONS = [
    ("Шевчук", "Олег", "Аркадьевич", "Shevchuk", "Oleg", "Arkadyevich"),
    ("Ларионова", "Марина", "Викторовна", "Larionova", "Marina", "Viktorovna"),
    ("Гусейнов", "Тимур", "Рашидович", "Guseynov", "Timur", "Rashidovich"),
    ("Белоусов", "Андрей", "Геннадьевич", "Belousov", "Andrey", "Gennadyevich"),
    ("Кравец", "Денис", "Игоревич", "Kravets", "Denis", "Igorevich"),
    ("Прохоров", "Илья", "Сергеевич", "Prokhorov", "Ilya", "Sergeevich"),
]
#: Russian firms that trade legitimately and whose names are close to listed ones
DECOY_NAMES = [
    ("ООО «Кристалл-Юг»", "Кристалл"),
    ("ООО «Квант»", "Квантор"),
    ("ООО «Сигма-Строй»", "Сигма Компонент"),
    ("ООО «Гироскутер Опт»", "Гироскоп"),
    ("ИП Шевчук И.В.", "Шевчук"),
    ("ИП Кравец Д.А.", "Кравец"),
]


@dataclass
class Listed:
    """A listed party: the names as the list gives them, its INN and the entity's schema."""

    entity_id: str
    schema: str  # Company | Person
    name: str  # Cyrillic, as listed
    latin: str
    inn: str
    forms: dict[str, str] = field(default_factory=dict)  # given name parts for persons


def make_listed(rng: random.Random) -> list[Listed]:
    out = []
    for i, (cyr, lat) in enumerate(_LISTED_COMPANIES):
        form = rng.choice(["ООО", "АО", "ООО", "ООО НПП"])
        name = f"{form} «{cyr}»"
        latin_form = {"ООО": "OOO", "АО": "AO", "ООО НПП": "OOO NPP"}[form]
        out.append(
            Listed(
                f"w2-sanc-co-{i:03d}",
                "Company",
                name,
                f"{latin_form} {lat}",
                ru_inn(rng),
                {"core": cyr, "core_latin": lat, "form": form},
            )
        )
    for i, (s, g, p, sl, gl, pl) in enumerate(_LISTED_PERSONS):
        inn = ru_person_inn(rng)
        out.append(
            Listed(
                f"w2-sanc-pe-{i:03d}",
                "Person",
                f"{s} {g} {p}",
                f"{sl} {gl} {pl}",
                inn,
                {"surname": s, "given": g, "patronymic": p},
            )
        )
    return out


_HOMOGLYPHS = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "к": "k",
    "А": "A",
    "Е": "E",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "К": "K",
    "М": "M",
    "Н": "H",
    "В": "B",
}


def disguise(rng: random.Random, listed: Listed) -> tuple[str, str]:
    """Another spelling of a listed party's name, and how it was made."""
    if listed.schema == "Person":
        s, g, p = listed.forms["surname"], listed.forms["given"], listed.forms["patronymic"]
        style = rng.choice(["initials", "initials", "latin", "reordered"])
        if style == "initials":
            return f"ИП {s} {g[0]}.{p[0]}.", style
        if style == "latin":
            sl, gl = listed.latin.split()[:2]
            return f"IP {sl} {gl}", style
        return f"{g} {p} {s}", style
    core, core_lat, form = listed.forms["core"], listed.forms["core_latin"], listed.forms["form"]
    style = rng.choice(["homoglyph", "homoglyph", "latin", "full_form", "no_quotes"])
    if style == "homoglyph":
        chars = list(core)
        idx = [i for i, c in enumerate(chars) if c in _HOMOGLYPHS]
        for i in rng.sample(idx, k=max(1, min(len(idx), rng.randint(2, 4)))):
            chars[i] = _HOMOGLYPHS[chars[i]]
        return f"{form} «{''.join(chars)}»", style
    if style == "latin":
        return f"{core_lat} LLC" if rng.random() < 0.5 else f"OOO {core_lat}", style
    if style == "full_form":
        full = {
            "ООО": "Общество с ограниченной ответственностью",
            "АО": "Акционерное общество",
            "ООО НПП": "Общество с ограниченной ответственностью НПП",
        }[form]
        return f"{full} «{core}»", style
    return f"{core} {form}", style
