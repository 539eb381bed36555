"""Name pools for the synthetic demo region, written by hand (no Faker) so that output is stable across versions.

Each heritage group has names for the parents' generation and for children born in England in the last 18
years, surnames, and its DfE census ethnicity code. Naming customs that make record linkage hard in real life
are kept on purpose: gendered Polish surnames, Somali children taking the father's given name as surname,
Sikh "Kaur"/"Singh" middle names, Bangladeshi mothers recorded as "Begum", spelling variants and nicknames.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Heritage:
    key: str
    ethnicity: str  # macp.people.models.Ethnicity code
    adult_f: tuple[str, ...]
    adult_m: tuple[str, ...]
    child_f: tuple[str, ...]
    child_m: tuple[str, ...]
    surnames: tuple[str, ...]
    # Mothers keep their own surname on marriage in these groups (and children may not share it).
    mother_keeps_surname: bool = False


WHITE_BRITISH = Heritage(
    "wbri", "WBRI",
    adult_f=("Sarah", "Emma", "Gemma", "Laura", "Kirsty", "Hayley", "Lisa", "Claire", "Rebecca", "Stacey", "Charlotte",
             "Amy", "Danielle", "Jodie", "Leanne", "Natalie", "Kelly", "Zoe", "Victoria", "Jessica", "Samantha",
             "Louise", "Kayleigh", "Rachel", "Hannah", "Chloe", "Lauren", "Shannon", "Tracey", "Karen", "Jade"),
    adult_m=("Daniel", "Craig", "Lee", "Jamie", "Ryan", "Carl", "Darren", "Mark", "Scott", "Liam", "Adam", "Wayne",
             "Matthew", "Christopher", "Dean", "Jason", "Paul", "Stephen", "Ashley", "Gary", "Jordan", "Kyle",
             "Thomas", "Nathan", "Luke", "Aaron", "Shaun", "Richard", "Andrew", "Callum"),
    child_f=("Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Poppy", "Evie", "Grace", "Ella",
             "Sophie", "Millie", "Isabella", "Harper", "Willow", "Rosie", "Daisy", "Florence", "Erin", "Phoebe",
             "Ruby", "Scarlett", "Matilda", "Lacey", "Summer", "Holly", "Bethany", "Alice", "Maisie"),
    child_m=("Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Freddie", "Alfie",
             "Theo", "Archie", "Jacob", "Thomas", "Finley", "Riley", "Harrison", "Mason", "Tommy", "Reggie",
             "Ronnie", "Alexander", "William", "Joshua", "Tyler", "Logan", "Kai", "Ethan", "Samuel", "Max"),
    surnames=("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
              "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
              "Hughes", "Price", "Lewis", "Harris", "Cooper", "Ward", "Morgan", "Turner", "Parker", "Bailey",
              "Shaw", "Palmer", "Barnes", "Pearce", "Cole", "Lloyd", "Mills", "Fletcher", "Chapman", "Webb",
              "Hopkins", "Dawson", "Marsh", "Fowler", "Gibbs", "Rees", "Stone", "Payne", "Hayward", "Bishop"),
)

IRISH = Heritage(
    "wiri", "WIRI",
    adult_f=("Siobhan", "Niamh", "Aoife", "Ciara", "Sinead", "Orla", "Roisin", "Grainne", "Deirdre", "Maeve"),
    adult_m=("Sean", "Ciaran", "Padraig", "Eoin", "Declan", "Cormac", "Niall", "Donal", "Ronan", "Fergal"),
    child_f=("Aoife", "Saoirse", "Caoimhe", "Niamh", "Erin", "Clodagh", "Aisling", "Orla", "Fiadh", "Grace"),
    child_m=("Oisin", "Cillian", "Darragh", "Conor", "Cian", "Fionn", "Tadhg", "Ronan", "Liam", "Rory"),
    surnames=("Murphy", "Kelly", "O'Brien", "Byrne", "Ryan", "Walsh", "O'Connor", "Doyle", "McCarthy", "Gallagher",
              "O'Sullivan", "Kennedy", "Quinn", "Brennan", "Daly", "Donnelly", "Farrell", "Nolan"),
)

POLISH = Heritage(
    "pol", "WOTH",
    adult_f=("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Małgorzata", "Monika", "Ewa", "Justyna",
             "Aleksandra", "Paulina", "Marta", "Karolina", "Dorota"),
    adult_m=("Tomasz", "Piotr", "Krzysztof", "Paweł", "Marcin", "Michał", "Łukasz", "Jakub", "Kamil", "Dawid",
             "Grzegorz", "Mariusz", "Adrian", "Sebastian"),
    child_f=("Zofia", "Zuzanna", "Julia", "Maja", "Lena", "Hanna", "Oliwia", "Amelia", "Natalia", "Wiktoria",
             "Alicja", "Emilia", "Nikola", "Gabriela"),
    child_m=("Jakub", "Szymon", "Filip", "Antoni", "Jan", "Kacper", "Franciszek", "Aleksander", "Mikołaj", "Wojciech",
             "Igor", "Oliwer", "Bartosz", "Stanisław"),
    # Masculine forms: feminine forms are made by polish_surname().
    surnames=("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
              "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski",
              "Grabowski", "Pawlak", "Michalski", "Zając"),
)

ROMANIAN = Heritage(
    "rom", "WOTH",
    adult_f=("Elena", "Ioana", "Maria", "Andreea", "Mihaela", "Gabriela", "Alina", "Cristina", "Roxana", "Daniela"),
    adult_m=("Andrei", "Mihai", "Ionuț", "Alexandru", "Florin", "Gheorghe", "Marius", "Adrian", "Cristian", "Bogdan"),
    child_f=("Sofia", "Ana", "Maria", "Bianca", "Ioana", "Daria", "Eva", "Alesia", "Antonia", "Melisa"),
    child_m=("David", "Luca", "Matei", "Ștefan", "Alexandru", "Rareș", "Eric", "Darius", "Tudor", "Sebastian"),
    surnames=("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Ciobanu", "Rusu",
              "Munteanu", "Constantin", "Moldovan", "Lungu", "Mocanu", "Dinu"),
)

PAKISTANI = Heritage(
    "pak", "APKN",
    adult_f=("Ayesha", "Fatima", "Nadia", "Saima", "Shazia", "Rubina", "Sadia", "Asma", "Nazia", "Samina", "Farah",
             "Sana", "Rabia", "Amna"),
    adult_m=("Imran", "Tariq", "Asif", "Zahid", "Kashif", "Naveed", "Shahid", "Adnan", "Faisal", "Waqas", "Usman",
             "Khalid", "Bilal", "Amjad"),
    child_f=("Zainab", "Maryam", "Aisha", "Hafsa", "Inaya", "Eshal", "Khadija", "Hania", "Anaya", "Zara", "Iman",
             "Aleena", "Safa"),
    child_m=("Muhammad", "Mohammed", "Hamza", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Rayyan", "Musa", "Ahmad",
             "Haris", "Abdullah", "Zakariya"),
    surnames=("Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Mahmood", "Butt", "Raja", "Ali", "Shah", "Bibi",
              "Javed", "Rashid", "Aslam", "Qureshi", "Malik"),
)

BANGLADESHI = Heritage(
    "ban", "ABAN",
    adult_f=("Rahima", "Nusrat", "Tahmina", "Ruksana", "Shirin", "Jesmin", "Salma", "Nasima", "Rehana", "Sultana"),
    adult_m=("Abdul", "Shahid", "Mizanur", "Jamal", "Abul", "Mohammed", "Rafiq", "Kamal", "Shafiq", "Anwar"),
    child_f=("Ayesha", "Tasnim", "Sumaiya", "Maryam", "Nafisa", "Safiya", "Humaira", "Raisa", "Aliza", "Mehreen"),
    child_m=("Ibrahim", "Ayaan", "Rayhan", "Yahya", "Zakir", "Tahmid", "Adam", "Ismail", "Arham", "Safwan"),
    surnames=("Rahman", "Miah", "Uddin", "Islam", "Hoque", "Chowdhury", "Ahmed", "Ali", "Hussain", "Karim",
              "Alam", "Choudhury"),
)

INDIAN = Heritage(
    "ind", "AIND",
    adult_f=("Priya", "Anjali", "Nisha", "Harpreet", "Gurpreet", "Sunita", "Kavita", "Meena", "Pooja", "Rupinder",
             "Jaspreet", "Neha"),
    adult_m=("Raj", "Sanjay", "Vikram", "Amit", "Rajesh", "Harjit", "Manjit", "Sunil", "Deepak", "Kulwinder",
             "Jaswinder", "Rakesh"),
    child_f=("Anaya", "Aanya", "Diya", "Saanvi", "Simran", "Jasleen", "Isha", "Riya", "Navneet", "Kiran"),
    child_m=("Aarav", "Arjun", "Vihaan", "Rohan", "Jasveer", "Gurveer", "Dev", "Krish", "Aryan", "Reyansh"),
    surnames=("Patel", "Sharma", "Gill", "Shah", "Mistry", "Sandhu", "Dhillon", "Bains", "Kumar", "Chauhan",
              "Parmar", "Joshi", "Sidhu", "Atwal"),
)
# Sikh surnames: family members carry the shared surname, with Kaur (women) or Singh (men) as a middle name.
SIKH_SURNAMES = ("Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Atwal")

NIGERIAN = Heritage(
    "nig", "BAFR",
    adult_f=("Folake", "Ngozi", "Chiamaka", "Funmilayo", "Adaeze", "Yetunde", "Oluwaseun", "Blessing", "Nneka",
             "Bukola"),
    adult_m=("Tunde", "Chidi", "Emeka", "Olumide", "Babatunde", "Chinedu", "Adewale", "Segun", "Obinna", "Femi"),
    child_f=("Oluwatobi", "Chioma", "Adaora", "Temiloluwa", "Precious", "Favour", "Ifeoma", "Damilola", "Esther",
             "Kemi"),
    child_m=("Oluwaseun", "Chukwuemeka", "Tobi", "David", "Daniel", "Ayomide", "Emmanuel", "Ifeanyi", "Samuel",
             "Toluwani"),
    surnames=("Adeyemi", "Okafor", "Okonkwo", "Adebayo", "Olawale", "Chukwu", "Eze", "Nwosu", "Balogun",
              "Ogunleye", "Afolabi", "Obi", "Okoro", "Adeleke"),
)

SOMALI = Heritage(
    "som", "BAFR",
    adult_f=("Hodan", "Amina", "Fadumo", "Khadra", "Ayan", "Sahra", "Hibo", "Nasra", "Ifrah", "Deeqa", "Sagal"),
    adult_m=("Abdirahman", "Mahad", "Abdullahi", "Mohamed", "Abdi", "Hassan", "Yusuf", "Liban", "Omar", "Ahmed",
             "Abdikarim"),
    child_f=("Hamdi", "Ayaan", "Sumaya", "Ikran", "Hafsa", "Najma", "Ubah", "Layla", "Ruqiya", "Hanan"),
    child_m=("Abdirahman", "Ilyas", "Yahye", "Zakariye", "Khalid", "Mustafe", "Idris", "Bilal", "Ayub", "Hamza"),
    surnames=("Mohamed", "Ahmed", "Hassan", "Farah", "Ali", "Abdi", "Osman", "Hussein", "Warsame", "Jama", "Nur",
              "Ismail", "Aden", "Egal"),
    mother_keeps_surname=True,
)

GHANAIAN = Heritage(
    "gha", "BAFR",
    adult_f=("Ama", "Akosua", "Abena", "Efua", "Adwoa", "Afia", "Yaa", "Esi", "Gifty", "Comfort"),
    adult_m=("Kwame", "Kofi", "Yaw", "Kwabena", "Kojo", "Kwaku", "Kwasi", "Fiifi", "Emmanuel", "Prince"),
    child_f=("Nana", "Akua", "Abena", "Efua", "Maame", "Adjoa", "Serwaa", "Esther", "Angela", "Naomi"),
    child_m=("Kwame", "Jayden", "Kofi", "Nathaniel", "Kojo", "Joel", "Kwabena", "Caleb", "Elijah", "Josiah"),
    surnames=("Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Amoah", "Acheampong", "Darko",
              "Antwi", "Ofori"),
)

BLACK_CARIBBEAN = Heritage(
    "bcrb", "BCRB",
    adult_f=("Shanice", "Keisha", "Marcia", "Paulette", "Jade", "Simone", "Tanisha", "Chantelle", "Andrea",
             "Natasha", "Beverley", "Monique"),
    adult_m=("Marcus", "Tyrone", "Jerome", "Andre", "Delroy", "Leon", "Dwayne", "Winston", "Errol", "Clive",
             "Jermaine", "Kieron"),
    child_f=("Kayla", "Amari", "Nia", "Aaliyah", "Imani", "Tiana", "Jada", "Zuri", "Kaliyah", "Amara"),
    child_m=("Malachi", "Josiah", "Jayden", "Tyrell", "Kairo", "Zion", "Elijah", "Kayden", "Reuben", "Isaiah"),
    surnames=("Campbell", "Brown", "Williams", "Clarke", "Thomas", "Francis", "Grant", "Henry", "Reid", "Johnson",
              "Bennett", "Gordon", "Morrison", "Lawrence", "Samuels", "McKenzie"),
)

CHINESE = Heritage(
    "chn", "CHNE",
    adult_f=("Mei", "Xin", "Ling", "Yan", "Hui", "Jing", "Li Na", "Xiaoying", "Wing", "Suet"),
    adult_m=("Wei", "Jun", "Hao", "Ming", "Jian", "Kai", "Zhi Wei", "Chun", "Kin", "Tak"),
    # Children born in England often have an English given name and a Chinese middle name.
    child_f=("Chloe", "Emily", "Jasmine", "Olivia", "Grace", "Isabelle", "Ruby", "Sophia", "Mia", "Zoe"),
    child_m=("Ethan", "Lucas", "Jayden", "Ryan", "Oscar", "Nathan", "Leo", "Aiden", "Max", "Dylan"),
    surnames=("Wong", "Chan", "Li", "Zhang", "Liu", "Chen", "Lam", "Cheung", "Ng", "Wang", "Yang", "Ho"),
    mother_keeps_surname=True,
)

HERITAGES = {h.key: h for h in (WHITE_BRITISH, IRISH, POLISH, ROMANIAN, PAKISTANI, BANGLADESHI, INDIAN, NIGERIAN,
                                 SOMALI, GHANAIAN, BLACK_CARIBBEAN, CHINESE)}

# Rough shape of a mid-sized English city; weights for the mother's heritage (a list, so order is fixed).
MOTHER_HERITAGE_WEIGHTS = (
    ("wbri", 58), ("wiri", 3), ("pol", 6), ("rom", 3), ("pak", 7), ("ban", 4), ("ind", 4),
    ("nig", 3), ("som", 3), ("gha", 2), ("bcrb", 5), ("chn", 2),
)

# When parents' heritages differ, the children's census code.
WHITE_CODES = frozenset({"WBRI", "WIRI", "WOTH"})


def mixed_code(a: str, b: str) -> str:
    if a == b:
        return a
    pair = {a, b}
    if pair <= WHITE_CODES:
        return "WOTH" if "WOTH" in pair else "WIRI"
    white = bool(pair & WHITE_CODES)
    if white and "BCRB" in pair:
        return "MWBC"
    if white and "BAFR" in pair:
        return "MWBA"
    if white and pair & {"APKN", "ABAN", "AIND", "CHNE"}:
        return "MWAS"
    return "MOTH"


_POLISH_FORMS = (("cki", "cka"), ("dzki", "dzka"), ("ski", "ska"))


def polish_surname(surname: str, sex: str) -> str:
    """The gendered form of a Polish surname: Kowalski (man, boy) / Kowalska (woman, girl). Others (Nowak) stay.

    Applied to every surname, whatever the person's heritage: a child can carry a Polish parent's surname.
    """
    for masculine, feminine in _POLISH_FORMS:
        if sex == "F" and surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
        if sex == "M" and surname.endswith(feminine):
            return surname[: -len(feminine)] + masculine
    return surname


# Names agencies also record: nicknames, anglicised or unaccented spellings. Used as "also known as" names.
ALIASES = {
    "Alexander": "Alex", "William": "Will", "Thomas": "Tom", "Samuel": "Sam", "Joshua": "Josh", "Matthew": "Matt",
    "Christopher": "Chris", "Daniel": "Danny", "Jessica": "Jess", "Isabella": "Bella", "Florence": "Flo",
    "Samantha": "Sam", "Victoria": "Vicky", "Rebecca": "Becky", "Charlotte": "Charlie", "Nathaniel": "Nate",
    "Oluwatobi": "Tobi", "Oluwaseun": "Seun", "Temiloluwa": "Temi", "Chukwuemeka": "Emeka", "Babatunde": "Tunde",
    "Funmilayo": "Funmi", "Damilola": "Dami", "Toluwani": "Tolu", "Muhammad": "Mohammed", "Mohammed": "Muhammad",
    "Katarzyna": "Kasia", "Małgorzata": "Gosia", "Aleksandra": "Ola", "Łukasz": "Lukasz", "Michał": "Michal",
    "Paweł": "Pawel", "Mikołaj": "Mikolaj", "Stanisław": "Stan", "Ionuț": "Ionut", "Ștefan": "Stefan",
    "Rareș": "Rares", "Abdirahman": "Abdi", "Abdullahi": "Abdi", "Zakariye": "Zak", "Zakariya": "Zak",
    "Xiaoying": "Sharon", "Zhi Wei": "David", "Siobhan": "Shiv", "Padraig": "Paddy", "Kwabena": "Kobby",
    "Akosua": "Akos", "Chiamaka": "Amaka", "Ngozi": "Ngo", "Reginald": "Reggie", "Frederick": "Freddie",
}

# Twins of the same sex are sometimes given similar names: (heritage, sex, first twin, second twin).
# Yoruba families traditionally name twins Taiwo (first born) and Kehinde.
TWIN_NAMES = (
    ("wbri", "F", "Amelia", "Amelie"), ("wbri", "F", "Lily", "Lola"), ("wbri", "F", "Ella", "Ellie"),
    ("wbri", "F", "Maisie", "Millie"), ("wbri", "M", "Harry", "Harvey"), ("wbri", "M", "Leo", "Theo"),
    ("wbri", "M", "Alfie", "Archie"), ("wiri", "M", "Ryan", "Rory"), ("wiri", "F", "Aoife", "Aisling"),
    ("pak", "F", "Hafsa", "Hania"), ("pak", "F", "Zainab", "Zara"), ("pak", "M", "Hassan", "Hussain"),
    ("ban", "M", "Hassan", "Hussain"), ("ban", "F", "Tasnim", "Tahmina"), ("gha", "F", "Akua", "Adjoa"),
    ("gha", "M", "Kofi", "Kwame"), ("pol", "F", "Zofia", "Zuzanna"), ("pol", "M", "Filip", "Franciszek"),
    ("bcrb", "F", "Jada", "Jade"), ("bcrb", "M", "Jayden", "Jaylen"), ("ind", "F", "Anaya", "Aanya"),
    ("ind", "M", "Rohan", "Rohit"), ("nig", "F", "Taiwo", "Kehinde"), ("nig", "M", "Taiwo", "Kehinde"),
    ("som", "F", "Hodan", "Hamdi"), ("rom", "F", "Ana", "Ioana"), ("chn", "M", "Ethan", "Evan"),
)

MIDDLE_NAMES = {
    "F": ("Rose", "Grace", "Mae", "Louise", "Jane", "Elizabeth", "May", "Marie", "Anne", "Hope"),
    "M": ("James", "John", "Michael", "David", "Lee", "Paul", "Robert", "Edward", "Alan", "Peter"),
}

STREET_NAMES = (
    "Mill", "Church", "Station", "Victoria", "Park", "Queen's", "Orchard", "Meadow", "Chapel", "Brook", "Kingfisher",
    "Willow", "Hawthorn", "Beech", "Heron", "Priory", "Tannery", "Foundry", "Canal", "Quarry", "Cherry Tree",
    "Blackthorn", "Linden", "Rowan", "Sedge", "Wharf", "Ferry", "Coronation", "Jubilee", "Albion", "Lark",
    "Sparrow", "Maple", "Bramble", "Ashdown", "Elm", "Fern", "Harbour", "Lime Kiln", "Nightingale",
)
STREET_KINDS = ("Road", "Street", "Lane", "Close", "Avenue", "Way", "Drive", "Court", "Gardens", "Crescent",
                "Walk", "Terrace")
FLAT_BLOCKS = ("House", "Court", "Tower", "Point")
