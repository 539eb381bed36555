"""A second generator of UK multi-agency person records, written apart from `macp.demo.records` so the linker is
measured on data it was not built from (issue 15): its own name pools (English, Welsh, Irish, South Asian,
Eastern European, West African), its own error model, and its own families — twins, siblings with close names,
namesakes, moves, and children whose surname changes when a parent takes a new partner.

    .venv/bin/python bench/independent_records.py OUT_DIR --people 5000 --seed 7

Writes OUT_DIR/records.csv (the contract's columns) and OUT_DIR/truth.csv (source, source_id, person). Nothing in
macp imports this module; it uses no table of macp's (no name equivalents, no error rates).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

POOLS = {
    # (girls, boys, surnames, weight)
    "english": (
        "Sophia Emily Jessica Lucy Hannah Megan Abigail Eleanor Imogen Harriet Beatrice Matilda Edith Violet Nancy "
        "Margot Elsie Hallie Aria Penelope Esme Thea Clara Hazel Iris".split(),
        "James Henry Edward Benjamin Sebastian Jude Rupert Hugo Felix Stanley Albert Frederick Louis Elijah Reuben "
        "Toby Dylan Ralph Edwin Jasper Miles Otis Rowan Caleb Arlo".split(),
        "Ashworth Barker Bennett Blackwell Bradshaw Brooks Carter Chambers Crawford Dixon Ellis Fisher Foster Gardner "
        "Gibson Graham Griffiths Holland Howard Hunt Kemp Knight Lambert Lawson Marshall Mason Matthews Newman "
        "Norris Owen Pearson Pickering Potter Randall Reynolds Richardson Saunders Sharp Simpson Spencer Stevens "
        "Sutton Tucker Wade Warren Watts Whitehead Wilkinson Woodward Yates".split(),
        40,
    ),
    "welsh": (
        "Cerys Ffion Seren Megan Nia Elin Carys Lowri Mali Angharad Bethan Catrin Eluned Gwen Manon Rhiannon Siwan "
        "Tesni Heledd Alaw".split(),
        "Rhys Dafydd Gethin Ioan Osian Cai Macsen Tomos Iestyn Emyr Gruffydd Huw Llyr Owain Rhodri Steffan Aled "
        "Dewi Bryn Iwan".split(),
        "Jones Davies Evans Llewellyn Pritchard Prosser Powell Parry Bevan Griffith Vaughan Pugh Gwynne Meredith "
        "Rowlands Howells Jenkins Morgan Lloyd Bowen Jarvis Hopkin Cadwaladr Gruffudd ap-Rhys".split(),
        12,
    ),
    "irish": (
        "Saoirse Caoimhe Aoibheann Sorcha Eabha Meabh Blathnaid Ailbhe Orlaith Roisin Eimear Nuala Sadhbh Brid "
        "Grainne".split(),
        "Oisin Padraig Tadhg Cathal Donnacha Ruairi Eoghan Colm Ciaran Fiachra Senan Lorcan Diarmuid Cormac "
        "Aodhan".split(),
        "O'Briain MacNamara Fitzgerald Kavanagh O'Donoghue McGrath Mulligan Flanagan Hennessy Costello Moriarty "
        "O'Shaughnessy Dunne Keane Mahon Cullen Lynch Sheehan".split(),
        8,
    ),
    "south_asian": (
        "Priya Ananya Aisha Ayesha Fatima Zainab Maryam Anika Ishani Kavya Simran Harleen Nusrat Sumaiya Rukhsana "
        "Amara Inaya Mehreen Sana Tahira Jasleen Navpreet".split(),
        "Aarav Arjun Rohan Vihaan Zain Ayaan Ibrahim Yusuf Hamza Bilal Imran Arif Rahim Sukhdeep Gurpreet Harjit "
        "Karan Dev Faisal Tariq Usman Sahil".split(),
        "Patel Shah Mistry Chauhan Khan Hussain Ahmed Rahman Chowdhury Miah Uddin Begum Iqbal Malik Qureshi Akhtar "
        "Sandhu Grewal Bhatti Kaur Singh Sharma Gupta Desai Joshi Nair Pillai".split(),
        14,
    ),
    "east_european": (
        "Oksana Iryna Olena Natalia Ieva Agne Kristina Zuzana Petra Andreea Ioana Bianca Milena Dominika Weronika "
        "Zofia Liliana Anastasia Viktoria".split(),
        "Dmytro Oleksandr Bohdan Mykola Lukas Mantas Tomas Jakub Filip Andrei Bogdan Mihai Stefan Marek Wojciech "
        "Szymon Nikola Matej Aleksandr".split(),
        "Shevchenko Kovalenko Bondarenko Tkachenko Petrauskas Kazlauskas Jankauskas Novak Horvath Popescu Ionescu "
        "Dumitru Kowalczyk Wisniewski Zielinski Nowakowski Dvorak Svoboda Balogh Nagy Ivanova Petrov".split(),
        12,
    ),
    "west_african": (
        "Adaeze Chiamaka Ngozi Oluwaseun Folasade Temitope Abimbola Ama Akosua Efua Adwoa Yaa Nneka Ifeoma Zainab "
        "Aminata Fatoumata Mariama Comfort Blessing".split(),
        "Chinedu Emeka Obinna Oluwatobi Babatunde Olumide Kwame Kofi Kwabena Yaw Kojo Ebuka Ikenna Tunde Femi "
        "Mamadou Ousmane Abdoulaye Precious Godwin".split(),
        "Okafor Okonkwo Eze Nwosu Adeyemi Adebayo Ogunleye Oyelaran Mensah Boateng Osei Asante Owusu Appiah Agyeman "
        "Diallo Bah Sesay Kamara Conteh Balogun Okoro".split(),
        14,
    ),
}

#: Short forms this generator uses: deliberately its own (several are not in macp's equivalents table).
SHORT = {
    "Sophia": "Sophie",
    "Abigail": "Abbie",
    "Eleanor": "Ellie",
    "Harriet": "Hattie",
    "Margot": "Maggie",
    "Penelope": "Penny",
    "James": "Jim",
    "Henry": "Harry",
    "Edward": "Ted",
    "Benjamin": "Ben",
    "Sebastian": "Seb",
    "Frederick": "Fred",
    "Albert": "Bertie",
    "Gruffydd": "Gruff",
    "Dafydd": "Dai",
    "Angharad": "Anga",
    "Rhiannon": "Rhi",
    "Padraig": "Paddy",
    "Oleksandr": "Sasha",
    "Dmytro": "Dima",
    "Aleksandr": "Sasha",
    "Oluwaseun": "Seun",
    "Oluwatobi": "Tobi",
    "Folasade": "Sade",
    "Babatunde": "Tunde",
    "Olumide": "Mide",
    "Temitope": "Tope",
    "Abimbola": "Bimbo",
    "Chiamaka": "Amaka",
    "Mohammed": "Mo",
    "Ibrahim": "Ibby",
    "Wojciech": "Wojtek",
    "Bohdan": "Bodya",
    "Anastasia": "Nastya",
    "Viktoria": "Vika",
}

AGENCIES = (
    ("gp", 0.85, 0.95),
    ("school", 0.9, 0.05),
    ("hospital", 0.35, 0.9),
    ("police", 0.25, 0.1),
    ("housing", 0.3, 0.02),
    ("socialcare", 0.3, 0.4),
    ("healthvisiting", 0.2, 0.85),
)
AREAS = (
    "CF",
    "SA",
    "NP",
    "LL",
    "BS",
    "GL",
    "HR",
    "B",
    "CV",
    "M",
    "L",
    "LS",
    "S",
    "NG",
    "LE",
    "E",
    "N",
    "SE",
    "SW",
    "W",
    "NW",
    "BD",
    "HX",
    "WV",
)
TODAY = dt.date(2026, 11, 1)


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = (11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def postcode(rng: random.Random) -> str:
    area = rng.choice(AREAS)
    return (
        f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )


# ------------------------------------------------------------------------------------------------ errors
# Its own error model: keying slips by position, phonetic respellings, OCR confusions, dropped double letters,
# transposed names, and dates typed in the wrong order or off by a keystroke.

_RESPELL = (
    ("ph", "f"),
    ("th", "t"),
    ("ae", "e"),
    ("ch", "sh"),
    ("w", "v"),
    ("ei", "ie"),
    ("ll", "l"),
    ("nn", "n"),
    ("ss", "s"),
    ("y", "i"),
    ("c", "k"),
    ("oo", "u"),
    ("dh", "d"),
    ("aa", "a"),
    ("sz", "s"),
)
_OCR = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("e", "c"), ("o", "e"))


def garble_name(rng: random.Random, name: str) -> str:
    if len(name) < 3:
        return name
    kind = rng.random()
    low = name.lower()
    if kind < 0.35:
        options = [(a, b) for a, b in _RESPELL if a in low]
        if options:
            a, b = rng.choice(options)
            i = low.index(a)
            return name[:i] + (b.upper() if i == 0 else b) + name[i + len(a) :]
    if kind < 0.5:
        options = [(a, b) for a, b in _OCR if a in low[1:]]
        if options:
            a, b = rng.choice(options)
            i = low.index(a, 1)
            return name[:i] + b + name[i + len(a) :]
    i = rng.randrange(1, len(name))
    op = rng.random()
    if op < 0.4:
        return name[:i] + name[i + 1 :]  # dropped
    if op < 0.7 and i < len(name) - 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # transposed
    return name[:i] + rng.choice("aeiounrstl") + name[i + 1 :]  # struck the wrong key


def garble_date(rng: random.Random, d: dt.date) -> str:
    kind = rng.random()
    iso = d.isoformat()
    if kind < 0.3 and d.day <= 12 and d.day != d.month:
        return f"{d.year:04d}-{d.day:02d}-{d.month:02d}"
    if kind < 0.5:
        return (d + dt.timedelta(days=rng.choice((-1, 1)))).isoformat()
    if kind < 0.8:
        pos = rng.choice((2, 3, 5, 6, 8, 9))
        return iso[:pos] + str(rng.randrange(10)) + iso[pos + 1 :]  # may be no real date: kept as typed
    if kind < 0.9:
        return f"{d.year + rng.choice((-1, 1)):04d}{iso[4:]}"
    return f"{d.year:04d}-{d.month:02d}-01"  # only the month was known


# ------------------------------------------------------------------------------------------------ people


def make_people(rng: random.Random, people: int) -> list[dict]:
    pools = list(POOLS.values())
    weights = [p[3] for p in pools]
    out: list[dict] = []
    while len(out) < people:
        girls, boys, surnames, _ = rng.choices(pools, weights)[0]
        surname = rng.choice(surnames)
        mother_surname = surname if rng.random() < 0.6 else rng.choice(surnames)
        pc = postcode(rng)
        mother_dob = TODAY - dt.timedelta(days=rng.randint(20 * 365, 45 * 365))
        family = []
        mother = {"given": rng.choice(girls), "family": mother_surname, "sex": "F", "dob": mother_dob}
        family.append(mother)
        if rng.random() < 0.6:
            family.append(
                {
                    "given": rng.choice(boys),
                    "family": surname,
                    "sex": "M",
                    "dob": mother_dob - dt.timedelta(days=rng.randint(-2000, 3000)),
                }
            )
        n_children = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        used: set[str] = set()
        for _ in range(n_children):
            sex = rng.choice("FM")
            pool = girls if sex == "F" else boys
            dob = TODAY - dt.timedelta(days=rng.randint(0, 17 * 365))
            births = 2 if rng.random() < 0.04 else 1  # twins
            for _ in range(births):
                given = rng.choice([n for n in pool if n not in used] or pool)
                used.add(given)
                child = {"given": given, "family": surname, "sex": sex, "dob": dob}
                if rng.random() < 0.08:
                    # A surname change after a parent's new partner: later records use the new (or a joined) name.
                    other = rng.choice(surnames)
                    child["new_family"] = rng.choice((other, f"{surname}-{other}", mother_surname))
                family.append(child)
                sex = rng.choice("FM")
                pool = girls if sex == "F" else boys
        moved = postcode(rng) if rng.random() < 0.2 else None
        for person in family:
            person["pc"], person["moved_pc"] = pc, moved
            person["nhs"] = nhs_number(rng)
            person["id"] = f"i{len(out)}"
            out.append(person)
    return out[:people]


def render(rng: random.Random, person: dict, agency: str, nhs_rate: float) -> dict:
    given, family, dob = person["given"], person["family"], person["dob"]
    if person.get("new_family") and rng.random() < 0.5:
        family = person["new_family"]
    r = rng.random
    if r() < 0.06 and given in SHORT:
        given = SHORT[given]
    if r() < 0.07:
        given = garble_name(rng, given)
    if r() < 0.07:
        family = garble_name(rng, family)
    if r() < 0.015:
        given, family = family, given
    dob_text = dob.isoformat() if r() > 0.07 else garble_date(rng, dob)
    pc = person["moved_pc"] if person["moved_pc"] and r() < 0.5 else person["pc"]
    if r() < 0.04:
        pc = pc[:-1] + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    nhs = person["nhs"] if r() < nhs_rate else ""
    if nhs and r() < 0.02:
        i = rng.randrange(10)
        nhs = nhs[:i] + str((int(nhs[i]) + 1) % 10) + nhs[i + 1 :]
    return {
        "given_name": "" if r() < 0.01 else given,
        "family_name": family,
        "date_of_birth": "" if r() < 0.03 else dob_text,
        "sex": person["sex"] if r() > 0.1 else "",
        "nhs_number": nhs,
        "postcode": "" if r() < 0.08 else pc,
    }


def generate(people: int, seed: int):
    rng = random.Random(seed)
    counter = 0
    for person in make_people(rng, people):
        child = (TODAY - person["dob"]).days < 18 * 365
        records = 0
        for agency, rate, nhs_rate in AGENCIES:
            if agency in ("school", "healthvisiting") and not child:
                continue
            if rng.random() > rate:
                continue
            for _ in range(1 if rng.random() < 0.92 else 2):
                counter += 1
                records += 1
                yield (
                    {
                        "source": agency,
                        "source_id": f"{agency[:2].upper()}{counter:08d}",
                        **render(rng, person, agency, nhs_rate),
                    },
                    person["id"],
                )
        if records == 0:
            counter += 1
            yield {"source": "gp", "source_id": f"GP{counter:08d}", **render(rng, person, "gp", 0.9)}, person["id"]


if __name__ == "__main__":
    import sources  # bench/sources.py writes records.csv and truth.csv

    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(sources.write_source("independent", a.out, a.people, a.seed))
