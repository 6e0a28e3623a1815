"""Names built from word lists (no real firm is meant), their Latin transliterations, and the
ways a listed Russian name gets written on a declaration."""

from __future__ import annotations

import random

_KZ_STEMS = [
    "Алтын",
    "Аксу",
    "Береке",
    "Дала",
    "Сапа",
    "Нұр",
    "Жер",
    "Темір",
    "Қызыл",
    "Ақжол",
    "Көкжиек",
    "Жол",
    "Орал",
    "Каспий",
    "Арна",
    "Ерке",
    "Жұлдыз",
    "Самұрық",
    "Тұлпар",
    "Бәйтерек",
    "Ертіс",
    "Есіл",
    "Тобыл",
    "Сарыарқа",
    "Атамекен",
    "Шаңырақ",
    "Дәулет",
    "Мерей",
    "Іргетас",
    "Кенжал",
    "Ақниет",
    "Алаш",
    "Бірлік",
    "Жайық",
    "Маңғыстау",
    "Қазына",
    "Өркен",
    "Шуақ",
]
_RU_STEMS = [
    "Север",
    "Степной",
    "Западный",
    "Прикаспий",
    "Евразия",
    "Восток",
    "Меридиан",
    "Горизонт",
    "Вектор",
    "Гранит",
    "Импульс",
    "Континент",
    "Магистраль",
    "Партнёр",
    "Стандарт",
    "Регион",
    "Капитал",
    "Альянс",
    "Сфера",
    "Ресурс",
    "Омега",
    "Прогресс",
    "Оптима",
    "Кристалл",
]
_SUFFIXES = {
    "importer": ["Импэкс", "Трейд", "Импорт", "Дистрибьюшн", "Интернэшнл"],
    "wholesaler": ["Опт", "Трейд", "Маркет", "Снаб", "Торг", "Дистрибьюшн"],
    "retailer": ["Маркет", "Сауда", "Электроникс", "Дом", "Стор", "Шоп"],
    "manufacturer": ["Завод", "Индастри", "Пром", "Өндіріс", "Тех", "Мастер"],
    "logistics": ["Транс", "Логистик", "Карго", "Экспедиция", "Терминал", "Транзит"],
    "agro": ["Агро", "Астық", "Агрохолдинг", "Ферма", "Элеватор", "Мұнай-Агро"],
}

_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
#: a second, cruder scheme (as a clerk or a foreign bank writes it)
_TRANSLIT_ALT = dict(
    _TRANSLIT, х="h", ж="j", ц="c", ч="ch", щ="sch", й="i", ю="iu", я="ia", е="e", ё="e", ы="i"
)


def translit(text: str, alt: bool = False) -> str:
    table = _TRANSLIT_ALT if alt else _TRANSLIT
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep.capitalize() if ch != low and rep else rep)
        elif ch in "«»":
            out.append('"')
        else:
            out.append(ch)
    return "".join(out)


def holder_name(rng: random.Random, kind: str, used: set[str]) -> tuple[str, str]:
    """(Latin, Cyrillic) names of a Kazakh firm, unique among ``used``."""
    while True:
        stem = rng.choice(_KZ_STEMS if rng.random() < 0.65 else _RU_STEMS)
        suffix = rng.choice(_SUFFIXES[kind])
        form = "ТОО" if rng.random() < 0.92 else "АО"
        joined = f"{stem} {suffix}" if rng.random() < 0.6 else f"{stem}{suffix.lower()}"
        if rng.random() < 0.15:
            joined += f"-{rng.choice(['KZ', 'Азия', 'Плюс', '2025', 'Групп', 'Жолы'])}"
        cyr = f"{form} «{joined}»"
        if cyr in used:
            continue
        used.add(cyr)
        lat_form = {"ТОО": "TOO", "АО": "AO"}[form]
        return f'{lat_form} "{translit(joined)}"', cyr


# Russian firms of the sanctions file and of ordinary trade
_RU_FIRM_STEMS = [
    "Технопром",
    "Спецкомплект",
    "Радиосфера",
    "Микроэлемент",
    "Навигатор",
    "Электронпоставка",
    "Промподшипник",
    "Оптикснаб",
    "Сигнал-Урал",
    "Волгакомпонент",
    "Северный Кристалл",
    "Телесистемы",
    "Кварц-Инжиниринг",
    "Приборсервис",
    "Техноимпульс",
    "Аэроком",
    "Каскад-М",
    "Интегралсбыт",
    "Полюс Электро",
    "Вега-Снаб",
    "Зенит Оптика",
    "Гироскоп",
    "Транзистор-Трейд",
    "Диод Плюс",
    "Модуль-Восток",
    "Станкоимпорт Урал",
    "Ротор",
    "Альфа-Компонент",
    "Бета Системы",
    "Гранат Электроникс",
    "Север-Чип",
    "Орион Снаб",
    "Тайга Логистик",
    "Криста",
    "Меридиан-Приб",
    "Байкал Микро",
    "Азимут-Т",
    "Лазурит",
    "Амурприбор",
    "Уралрадиодеталь",
    "Енисей Трейд",
    "Квант-Снабжение",
    "Феникс Элком",
    "Стрела-Комп",
    "Радуга Тех",
    "Сокол Навигация",
]
_RU_LEGIT_STEMS = [
    "Агроторг-Юг",
    "Хлебная Нива",
    "Мебельный Двор",
    "Текстиль Волга",
    "Домашний Уют",
    "Шинный Центр",
    "Фрукты Поволжья",
    "Кофейный Мир",
    "Стройматериалы Урал",
    "Автодеталь-Сервис",
    "Бытовая Техника Плюс",
    "Лён Сибири",
    "Мясной Ряд",
    "Зерновая Компания",
    "Омские Продукты",
    "Самарский Торговый Дом",
    "Оренбургская Мука",
    "Астраханская Рыба",
    "Челябинский Металл",
    "Курганское Зерно",
    "Саратовская Бакалея",
    "Пензенский Опт",
    "Волжская Обувь",
    "Уютный Дом",
]
_RU_SURNAMES = [
    ("Петров", "Петрова"),
    ("Соколов", "Соколова"),
    ("Кузнецов", "Кузнецова"),
    ("Волков", "Волкова"),
    ("Лебедев", "Лебедева"),
    ("Морозов", "Морозова"),
    ("Зайцев", "Зайцева"),
    ("Павлов", "Павлова"),
    ("Семенов", "Семенова"),
    ("Голубев", "Голубева"),
    ("Виноградов", "Виноградова"),
    ("Богданов", "Богданова"),
    ("Воробьев", "Воробьева"),
    ("Федоров", "Федорова"),
    ("Медведев", "Медведева"),
    ("Ершов", "Ершова"),
    ("Никитин", "Никитина"),
    ("Тарасов", "Тарасова"),
]
_RU_MALE = ["Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Олег", "Виктор", "Михаил"]
_RU_FEMALE = ["Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Марина"]
_PATRONYMIC = {  # father's name -> (male, female) patronymic
    "Викторович": "Викторовна",
    "Сергеевич": "Сергеевна",
    "Андреевич": "Андреевна",
    "Игоревич": "Игоревна",
    "Олегович": "Олеговна",
    "Михайлович": "Михайловна",
    "Петрович": "Петровна",
    "Николаевич": "Николаевна",
}


_RU_TECH_STEMS = [
    "Промавтоматика",
    "Техснаб-Волга",
    "ЭлектроМир",
    "КомпьютерЛайн",
    "Сетевые Решения",
    "Подшипник-Центр",
    "Инженерные Системы",
    "Станкосервис",
    "Автоматика-Юг",
    "Связьмонтаж",
    "Приводная Техника",
    "Цифровой Склад",
    "Навигационные Системы Поволжья",
    "Оптовая Электроника",
]


def ru_tech_stems() -> list[str]:
    return list(_RU_TECH_STEMS)


def ru_firm_stems() -> list[str]:
    return list(_RU_FIRM_STEMS)


def ru_legit_stems() -> list[str]:
    return list(_RU_LEGIT_STEMS)


def ru_person(rng: random.Random) -> tuple[str, str, str]:
    """(surname, first name, patronymic) of a Russian person."""
    male = rng.random() < 0.75
    surname = rng.choice(_RU_SURNAMES)[0 if male else 1]
    first = rng.choice(_RU_MALE if male else _RU_FEMALE)
    pat_m = rng.choice(list(_PATRONYMIC))
    return surname, first, pat_m if male else _PATRONYMIC[pat_m]


#: Cyrillic capitals and the Latin letters that look the same
_HOMOGLYPHS = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
}

_FORMS = {
    "ООО": ("Общество с ограниченной ответственностью", "LLC", "OOO", "Limited Liability Company"),
    "АО": ("Акционерное общество", "JSC", "AO", "Joint Stock Company"),
}


def homoglyph(text: str, rng: random.Random) -> str:
    """Some Cyrillic letters swapped for Latin ones that look the same (at least one)."""
    spots = [i for i, ch in enumerate(text) if ch in _HOMOGLYPHS]
    chosen = set(rng.sample(spots, max(1, int(len(spots) * rng.uniform(0.3, 0.8)))))
    return "".join(_HOMOGLYPHS[ch] if i in chosen else ch for i, ch in enumerate(text))


def company_variant(form: str, stem: str, how: str, rng: random.Random) -> str:
    """A listed company's name as it is written on a declaration."""
    full, short_en, lat_form, long_en = _FORMS[form]
    if how == "homoglyph":
        return homoglyph(f"{form} «{stem.upper() if rng.random() < 0.5 else stem}»", rng)
    if how == "transliteration":
        lat = translit(stem, alt=rng.random() < 0.6)
        return rng.choice([f'{lat_form} "{lat.upper()}"', f"{lat} {short_en}", f"{lat_form} {lat}"])
    if how == "legal_form_spelt":
        if rng.random() < 0.6:
            return f"{full} «{stem}»"
        return f"{long_en} {translit(stem)}"
    if how == "reordered":
        return rng.choice([f"«{stem}» {form}", f"{stem}, {form}", f"{translit(stem)}, {lat_form}"])
    raise ValueError(how)


def person_variant(surname: str, first: str, patronymic: str, how: str, rng: random.Random) -> str:
    """A listed sole trader's or person's name as written on a declaration."""
    if how == "initials":
        if rng.random() < 0.5:
            return f"ИП {surname} {first[0]}.{patronymic[0]}."
        return f"IP {translit(surname)} {translit(first)[0]}. {translit(patronymic)[0]}."
    if how == "reordered":
        if rng.random() < 0.5:
            return f"ИП {first} {patronymic} {surname}"
        return f"{translit(first)} {translit(surname)}"
    if how == "transliteration":
        return (
            f"IP {translit(surname, alt=True)} {translit(first, alt=True)} "
            f"{translit(patronymic, alt=True)}"
        )
    if how == "legal_form_spelt":
        return f"Индивидуальный предприниматель {surname} {first} {patronymic}"
    if how == "homoglyph":
        return homoglyph(f"ИП {surname} {first} {patronymic}", rng)
    raise ValueError(how)


# foreign suppliers and buyers (Latin names, built from neutral words)
_FOREIGN_WORDS = {
    "CN": (
        ["Shenzhen", "Yiwu", "Guangzhou", "Xiamen", "Ningbo", "Urumqi", "Suzhou"],
        ["Huaxin", "Jinpeng", "Tianhe", "Ruida", "Kaiyuan", "Hongxing", "Longmen"],
        [
            "Electronics Co., Ltd.",
            "Trading Co., Ltd.",
            "Import & Export Co., Ltd.",
            "Technology Co., Ltd.",
        ],
    ),
    "HK": (
        ["Hong Kong"],
        ["Everbright", "Pacific Bridge", "Goldway", "Silverline"],
        ["Limited", "Trading Limited"],
    ),
    "AE": (
        ["Dubai", "Sharjah", "Jebel Ali"],
        ["Al Noor", "Gulf Star", "Desert Line", "Falcon"],
        ["General Trading LLC", "FZE", "FZCO"],
    ),
    "TR": (
        ["Istanbul", "Mersin", "Izmir", "Bursa"],
        ["Anadolu", "Yildiz", "Bosphorus", "Ekin"],
        ["Dis Ticaret A.S.", "Ltd. Sti.", "Tekstil San. A.S."],
    ),
    "AM": (["Yerevan", "Gyumri"], ["Ararat", "Sevan", "Hayk"], ["LLC", "CJSC"]),
    "GE": (["Tbilisi", "Poti"], ["Kartli", "Mtkvari", "Black Sea"], ["LLC"]),
    "DE": (
        ["Hamburg", "Munich", "Bremen"],
        ["Nordtech", "Elbe", "Rhein"],
        ["GmbH", "Handels GmbH", "Distribution GmbH"],
    ),
    "NL": (["Rotterdam", "Eindhoven"], ["Maas", "Delta", "Tulip"], ["B.V."]),
    "PL": (["Warsaw", "Gdansk", "Lodz"], ["Wisla", "Baltic", "Mazur"], ["Sp. z o.o."]),
    "US": (
        ["Texas", "California", "Delaware"],
        ["Lone Star", "Pacific", "Liberty"],
        ["Inc.", "LLC", "Supply Inc."],
    ),
    "JP": (["Osaka", "Yokohama"], ["Sakura", "Fuji"], ["Trading K.K."]),
    "KR": (["Busan", "Seoul"], ["Hanbit", "Daehan"], ["Co., Ltd."]),
    "IT": (["Milan", "Turin"], ["Lombarda", "Adriatica"], ["S.r.l."]),
    "FR": (["Lyon", "Lille"], ["Rhone", "Atlantique"], ["SAS"]),
    "GB": (["London", "Manchester"], ["Thames", "Pennine"], ["Ltd"]),
    "SE": (["Gothenburg"], ["Vastkust"], ["AB"]),
    "CH": (["Zug", "Basel"], ["Alpen", "Helvetia"], ["AG"]),
    "VN": (["Ho Chi Minh City", "Hai Phong"], ["Saigon", "Mekong"], ["JSC"]),
    "IN": (["Mumbai", "Chennai"], ["Indus", "Ganga"], ["Pvt. Ltd."]),
    "UZ": (
        ["Tashkent", "Samarkand", "Fergana"],
        ["Ipak Yuli", "Zarafshan", "Navruz"],
        ["MChJ", "LLC"],
    ),
    "KG": (["Bishkek", "Osh"], ["Ala-Too", "Tien Shan", "Issyk"], ["OsOO", "LLC"]),
    "TM": (["Ashgabat", "Turkmenbashi"], ["Garagum", "Altyn Asyr"], ["HJ"]),
    "AZ": (["Baku", "Sumgait"], ["Absheron", "Khazar"], ["MMC", "LLC"]),
    "MN": (["Ulaanbaatar"], ["Khangai", "Tuul"], ["LLC"]),
    "IR": (["Bandar Anzali", "Tehran"], ["Caspian Pars", "Alborz"], ["Co."]),
    "AF": (["Mazar-i-Sharif", "Kabul"], ["Balkh", "Hindukush"], ["Trading Co."]),
    "TJ": (["Dushanbe", "Khujand"], ["Pamir", "Sughd"], ["LLC"]),
    "ID": (["Jakarta"], ["Nusantara"], ["PT"]),
}


def foreign_name(rng: random.Random, country: str) -> str:
    places, cores, forms = _FOREIGN_WORDS.get(country, _FOREIGN_WORDS["US"])
    return f"{rng.choice(places)} {rng.choice(cores)} {rng.choice(forms)}"
