"""The one set of name pools for synthetic data, written by hand (no Faker) so that output is stable across versions:
the demo region (macp.demo.generator, through Heritage) and the linkage test records (macp.demo.records, through its
Group) draw from the same lists.

Each heritage group has names for the parents' generation and for children born in England in the last 18
years, surnames, and its DfE census ethnicity code. Naming customs that make record linkage hard in real life
are kept on purpose: gendered Polish surnames, Somali children taking the father's given name as surname,
Sikh "Kaur"/"Singh" middle names, Bangladeshi mothers recorded as "Begum", spelling variants and nicknames.
"""

import dataclasses

# ---------------------------------------------------------------------------------------------- the name pools
# One pool per heritage, shared by the demo region (macp.demo.generator, through Heritage below) and the linkage
# records (macp.demo.records, through its Group with Zipf-skewed draws). Lists are in rough order of popularity.


def words(text: str) -> tuple[str, ...]:
    """The names in a block of text, split on white space; an underscore stands for a space inside a name."""
    return tuple(w.replace("_", " ") for w in text.split())


@dataclasses.dataclass(frozen=True)
class NamePool:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]


WHITE_BRITISH_NAMES = NamePool(
    boys=words("""Oliver George Noah Arthur Harry Leo Oscar Jack Charlie Freddie Alfie Theo Archie Jacob Thomas Henry
        Finley Riley Harrison Mason Tommy Reggie Ronnie Alexander William Joshua Tyler Logan Ethan Samuel Max Isaac
        James Lucas Edward Joseph Teddy Albert Louie Jaxon Jude Hugo Elliot Toby Frankie Rory Sonny Dylan Daniel
        Benjamin Ollie Jenson Ezra Austin Callum Harvey Kian Luca Reuben Stanley Liam Ryan Lewis Kai Bobby Alex
        Nathan Caleb Jayden Connor Dexter Jamie Zachary Louis Aiden Matthew Michael Oakley Carter Ralph Albie Ted
        Jesse Cody Blake Tobias Ellis Felix Rowan Nathaniel Christopher Owen Brody Leon Spencer Elijah Jake Jensen
        Marley Bailey Sebastian Hunter Brandon Kayden Aaron Adam Billy Harley"""),
    girls=words("""Olivia Amelia Isla Ava Mia Ivy Lily Freya Poppy Evie Grace Ella Sophie Millie Isabella Harper
        Willow Rosie Daisy Florence Erin Phoebe Ruby Scarlett Matilda Lacey Summer Holly Bethany Alice Maisie Emily
        Sienna Charlotte Jessica Ellie Esme Eva Elsie Isabelle Hallie Violet Emilia Aria Layla Georgia Chloe Molly
        Lottie Mila Hannah Lucy Megan Amber Lola Eliza Robyn Zara Imogen Ruby-Mae Thea Orla Nancy Maya Darcie Elizabeth
        Katie Lexi Skye Leah Tilly Martha Harriet Ayla Beatrice Edith Eleanor Lilly Kacey Paige Abigail Niamh Lyla
        Heidi Emma Darcy Rose Hollie Jasmine Annabelle Kayla Taylor Caitlin Courtney Macie Alexandra Katherine
        Rebecca Victoria Amelie Gracie Bonnie"""),
    men=words("""Daniel Craig Lee Jamie Ryan Carl Darren Mark Scott Liam Adam Wayne Matthew Christopher Dean Jason
        Paul Stephen Ashley Gary Jordan Kyle Thomas Nathan Luke Aaron Shaun Richard Andrew Callum David Michael
        James John Robert Steven Martin Anthony Kevin Simon Peter Neil Ian Stuart Jonathan Philip Benjamin Joseph
        Samuel William Alexander Sean Jack Joshua Dale Damien Terry Keith Barry Graham Tony Nicholas Timothy
        Edward Karl Russell Glen Jake Tom Ben Danny Mick Ricky Brian Colin Alan Kenneth Trevor Roy"""),
    women=words("""Sarah Emma Gemma Laura Kirsty Hayley Lisa Claire Rebecca Stacey Charlotte Amy Danielle Jodie
        Leanne Natalie Kelly Zoe Victoria Jessica Samantha Louise Kayleigh Rachel Hannah Chloe Lauren Shannon Tracey
        Karen Jade Nicola Michelle Joanne Helen Katie Sophie Lucy Jennifer Elizabeth Katherine Catherine Donna
        Sharon Julie Amanda Susan Angela Dawn Mandy Kerry Sally Emily Megan Holly Jenna Abigail Stephanie Alison
        Jacqueline Vicky Kimberley Sian Naomi Leah Georgina Alexandra Hollie Chelsea Toni Kim Mary Margaret Patricia
        Deborah Lorraine Tina Carly Becky Ellie"""),
    surnames=words("""Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
        Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin
        Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis
        Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy
        Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell
        Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd
        Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur
        Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole
        Atkinson Bradley Spencer Gill Dawson Ball Burton Oneill Watts Rose Booth Perry Ryan Grant Wells Armstrong
        Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn
        Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy
        Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson
        Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson
        Curtis Hopkins OBrien Kaye Slater Chambers Barber Hammond Lambert Fowler Norris Kirby Whitehouse Sharp
        Garner Pratt Humphreys Steele Jordan Dobson Pope Tucker Goodwin Hobbs Sharpe Hancock Bolton Bray Tyler
        Fitzgerald Swift Quinn Pugh Mann Thornton Whittaker Blake Rowe Nash Wall Moss Ashton Parkinson Daly"""),
)

IRISH_NAMES = NamePool(
    boys=words("Conor Oisin Cian Liam Darragh Fionn Sean Cillian Rory Ronan Patrick Tadhg Callum Niall Eoin"),
    girls=words("Aoife Saoirse Niamh Caoimhe Erin Ciara Orla Grainne Roisin Sinead Clodagh Aisling Fiadh Maeve"),
    men=words("Sean Patrick Declan Ciaran Padraig Eoin Michael Brendan Kieran Cormac Donal Fergal Niall Dermot"),
    women=words("Siobhan Niamh Aoife Ciara Sinead Orla Roisin Deirdre Maeve Bridget Mairead Colette Eileen"),
    surnames=words("""Murphy Kelly OBrien Byrne Ryan OConnor Walsh Doyle McCarthy Gallagher OSullivan Kennedy
        Quinn Brennan Daly Donnelly Farrell Nolan McLaughlin Lynch Doherty Dunne Brady Hughes Flanagan Kavanagh
        Fitzpatrick Power Maguire Duffy"""),
)

POLISH_NAMES = NamePool(
    boys=words(
        "Jakub Szymon Filip Antoni Jan Kacper Franciszek Aleksander Mikolaj Wojciech Igor Oliwer Bartosz "
        "Stanislaw Adam Michal Wiktor Nikodem Dawid Mateusz"
    ),
    girls=words(
        "Zofia Zuzanna Julia Maja Lena Hanna Oliwia Amelia Natalia Wiktoria Alicja Emilia Nikola Gabriela "
        "Laura Antonina Pola Maria Aleksandra Martyna"
    ),
    men=words(
        "Tomasz Piotr Krzysztof Pawel Marcin Michal Lukasz Jakub Kamil Dawid Grzegorz Mariusz Adrian "
        "Sebastian Rafal Andrzej Artur Damian Bartlomiej Przemyslaw"
    ),
    women=words(
        "Agnieszka Katarzyna Magdalena Joanna Anna Malgorzata Monika Ewa Justyna Aleksandra Paulina Marta "
        "Karolina Dorota Beata Izabela Sylwia Kinga Patrycja Edyta"
    ),
    surnames=words("""Kowalski Nowak Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak
        Dabrowski Kozlowski Jankowski Mazur Krawczyk Piotrowski Grabowski Pawlak Michalski Zajac Krol Wieczorek
        Jablonski Wrobel Nowakowski Majewski Olszewski Stepien Malinowski Jaworski"""),
)

ROMANIAN_NAMES = NamePool(
    boys=words("David Luca Matei Stefan Alexandru Rares Eric Darius Tudor Sebastian Andrei Mihai Gabriel Cristian"),
    girls=words("Sofia Ana Maria Bianca Ioana Daria Eva Alesia Antonia Melisa Elena Andreea Alexia Delia"),
    men=words("Andrei Mihai Ionut Alexandru Florin Gheorghe Marius Adrian Cristian Bogdan Constantin Vasile Dan"),
    women=words("Elena Ioana Maria Andreea Mihaela Gabriela Alina Cristina Roxana Daniela Florentina Georgiana"),
    surnames=words("""Popescu Ionescu Popa Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin
        Moldovan Lungu Mocanu Dinu Radu Tudor Florea Nistor Ene Serban"""),
)

PAKISTANI_NAMES = NamePool(
    boys=words("""Muhammad Mohammed Hamza Ibrahim Yusuf Ayaan Zayn Rayyan Musa Ahmad Haris Abdullah Zakariya
        Mohammad Ali Umar Hassan Adam Yahya Ismail Zain Idris Eesa Harun Azaan Aariz Raheem Sulaiman"""),
    girls=words("""Zainab Maryam Aisha Hafsa Inaya Eshal Khadija Hania Anaya Zara Iman Aleena Safa Fatima Ayesha
        Amina Hawa Sumayyah Mariam Alisha Areeba Haniya Minahil Noor Ayat Aminah"""),
    men=words("""Muhammad Mohammed Imran Tariq Asif Zahid Kashif Naveed Shahid Adnan Faisal Waqas Usman Khalid Bilal
        Amjad Mohammad Sajid Nadeem Rizwan Arshad Mohammad_Ali Abdul Zulfiqar Tahir Majid Shakeel"""),
    women=words("""Ayesha Fatima Nadia Saima Shazia Rubina Sadia Asma Nazia Samina Farah Sana Rabia Amna Shabana
        Naseem Parveen Nasreen Yasmin Bushra Kiran Uzma Ambreen Sobia"""),
    surnames=words("""Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Butt Raja Shah Bibi Javed Rashid Aslam Qureshi
        Malik Mirza Riaz Hanif Sharif Zaman Anwar Bashir Nawaz Rehman Saleem Younis Mehmood Sadiq Arshad"""),
)

BANGLADESHI_NAMES = NamePool(
    boys=words("""Muhammad Mohammed Ibrahim Ayaan Rayhan Yahya Zakir Tahmid Adam Ismail Arham Safwan Abdullah
        Mahir Nabil Rafi Sami Tanvir Zayan Ayan"""),
    girls=words("""Ayesha Tasnim Sumaiya Maryam Nafisa Safiya Humaira Raisa Aliza Mehreen Fatima Jannat Tasnia
        Sadia Nusaiba Ruqayyah Afsana Anika"""),
    men=words("""Mohammed Abdul Shahid Mizanur Jamal Abul Rafiq Kamal Shafiq Anwar Mohammad Abdul_Karim Habibur
        Mostafa Faruk Sirajul Lutfur Jahangir"""),
    women=words("""Rahima Nusrat Tahmina Ruksana Shirin Jesmin Salma Nasima Rehana Sultana Hasina Rokeya Shamima
        Fahmida Taslima Momtaz"""),
    surnames=words("""Begum Rahman Miah Uddin Islam Hoque Chowdhury Ahmed Ali Hussain Karim Alam Choudhury Khatun
        Ullah Haque Hossain Mia Rahim Sarkar"""),
)

INDIAN_NAMES = NamePool(
    boys=words(
        "Aarav Arjun Vihaan Rohan Jasveer Gurveer Dev Krish Aryan Reyansh Veer Arav Ishaan Sahil Harvir "
        "Jaskaran Ravi Nikhil"
    ),
    girls=words(
        "Anaya Aanya Diya Saanvi Simran Jasleen Isha Riya Navneet Kiran Amrit Priya Anika Tara Avni "
        "Jasmeet Meera Ishani"
    ),
    men=words(
        "Raj Sanjay Vikram Amit Rajesh Harjit Manjit Sunil Deepak Kulwinder Jaswinder Rakesh Gurpreet "
        "Sukhdev Ashok Vijay Pardeep Ajay"
    ),
    women=words(
        "Priya Anjali Nisha Harpreet Gurpreet Sunita Kavita Meena Pooja Rupinder Jaspreet Neha "
        "Manjit Parminder Rekha Sangeeta Asha Kamaljit"
    ),
    surnames=words("""Patel Sharma Gill Shah Mistry Sandhu Dhillon Bains Kumar Chauhan Parmar Joshi Sidhu Atwal
        Mehta Desai Johal Sahota Virdi Grewal Thakur Lal Rai Bhatti"""),
)

SOMALI_NAMES = NamePool(
    boys=words(
        "Mohamed Abdirahman Ilyas Yahye Zakariye Khalid Mustafe Idris Bilal Ayub Hamza Abdullahi Yusuf "
        "Ahmed Ibrahim Abdi"
    ),
    girls=words("Hamdi Ayaan Sumaya Ikran Hafsa Najma Ubah Layla Ruqiya Hanan Amina Hodan Fadumo Sagal Maryan"),
    men=words(
        "Mohamed Abdirahman Mahad Abdullahi Abdi Hassan Yusuf Liban Omar Ahmed Abdikarim Ali Farah Ismail "
        "Osman Abdiaziz"
    ),
    women=words("Hodan Amina Fadumo Khadra Ayan Sahra Hibo Nasra Ifrah Deeqa Sagal Halima Faisa Sucaad"),
    surnames=words(
        "Mohamed Ahmed Hassan Farah Ali Abdi Osman Hussein Warsame Jama Nur Ismail Aden Egal Yusuf Omar Abdullahi Dahir"
    ),
)

WEST_AFRICAN_NAMES = NamePool(
    boys=words("""David Daniel Samuel Emmanuel Oluwaseun Tobi Ayomide Joshua Ifeanyi Toluwani Chukwuemeka Kwame
        Kofi Nathaniel Joel Caleb Elijah Josiah Jayden Israel Favour Divine"""),
    girls=words("""Precious Favour Esther Oluwatobi Chioma Adaora Temiloluwa Ifeoma Damilola Kemi Nana Akua Abena
        Maame Naomi Deborah Blessing Grace Jessica Comfort"""),
    men=words("""Tunde Chidi Emeka Olumide Babatunde Chinedu Adewale Segun Obinna Femi Kwame Kofi Yaw Kwabena
        Kojo Emmanuel Prince Samuel Michael Godwin"""),
    women=words("""Folake Ngozi Chiamaka Funmilayo Adaeze Yetunde Blessing Nneka Bukola Ama Akosua Abena Efua
        Gifty Comfort Grace Patience Mercy Joy"""),
    surnames=words("""Adeyemi Okafor Okonkwo Adebayo Olawale Chukwu Eze Nwosu Balogun Ogunleye Afolabi Obi Okoro
        Adeleke Mensah Owusu Boateng Asante Osei Agyeman Appiah Amoah Acheampong Darko Antwi Ofori Oyelaran
        Oluwole Bakare Nwachukwu"""),
)

CARIBBEAN_NAMES = NamePool(
    boys=words(
        "Malachi Josiah Jayden Tyrell Kairo Zion Elijah Kayden Reuben Isaiah Marcus Andre Leon Kai Jaden "
        "Tyler Nathan Micah"
    ),
    girls=words(
        "Kayla Amari Nia Aaliyah Imani Tiana Jada Zuri Kaliyah Amara Shanice Keisha Jasmine Maya Tia "
        "Destiny Nevaeh Ruby"
    ),
    men=words(
        "Marcus Tyrone Jerome Andre Delroy Leon Dwayne Winston Errol Clive Jermaine Kieron Trevor Lloyd "
        "Dean Wayne Carl Junior"
    ),
    women=words(
        "Shanice Keisha Marcia Paulette Jade Simone Tanisha Chantelle Andrea Natasha Beverley Monique "
        "Sharon Donna Charlene Yvonne"
    ),
    surnames=words("""Campbell Brown Williams Clarke Thomas Francis Grant Henry Reid Johnson Bennett Gordon
        Morrison Lawrence Samuels McKenzie Smith Edwards Robinson Walker Stewart Douglas Richards Spence Morgan
        Powell Barrett Bailey Gayle Lewis"""),
)

CHINESE_NAMES = NamePool(
    boys=words("Ethan Lucas Jayden Ryan Oscar Nathan Leo Aiden Max Dylan Wei Hao Jun Kai"),
    girls=words("Chloe Emily Jasmine Olivia Grace Isabelle Ruby Sophia Mia Zoe Mei Xin Ling Yan"),
    men=words("Wei Jun Hao Ming Jian Kai Chun Kin Tak Zhi Long Bo Yong Peter"),
    women=words("Mei Xin Ling Yan Hui Jing Wing Suet Xiaoying Li Lan Yu Fang Anna"),
    surnames=words("Wong Chan Li Zhang Liu Chen Lam Cheung Ng Wang Yang Ho Huang Zhao Wu Zhou Lin Tang Leung Yip"),
)

ARAB_NAMES = NamePool(
    boys=words("Omar Yousef Adam Ali Hamza Zayd Karim Ahmed Mohammed Ibrahim Yahya Amir Rami Sami"),
    girls=words("Layla Noor Maryam Lina Rania Sara Yasmin Jana Malak Aya Salma Dana Huda Reem"),
    men=words("Mohammed Ahmed Khalid Omar Ali Hassan Mahmoud Tarek Walid Nabil Samir Adel Hussein Majed"),
    women=words("Fatima Mariam Rania Huda Samira Nadia Amal Hanan Lina Dina Rasha Manal Sawsan Iman"),
    surnames=words(
        "Al-Hassan Haddad Saleh Nasser Mansour Abdullah Hamid Al-Sayed Khalil Ibrahim Mahmoud "
        "Al-Ahmad Yousef Darwish Farouk Suleiman"
    ),
)


@dataclasses.dataclass(frozen=True)
class Heritage:
    """A heritage group of the demo region: its census code and its name pool."""

    key: str
    ethnicity: str  # macp.people.models.Ethnicity code
    names: NamePool
    # Mothers keep their own surname on marriage in these groups (and children may not share it).
    mother_keeps_surname: bool = False


WHITE_BRITISH = Heritage("wbri", "WBRI", WHITE_BRITISH_NAMES)
IRISH = Heritage("wiri", "WIRI", IRISH_NAMES)
POLISH = Heritage("pol", "WOTH", POLISH_NAMES)
ROMANIAN = Heritage("rom", "WOTH", ROMANIAN_NAMES)
PAKISTANI = Heritage("pak", "APKN", PAKISTANI_NAMES)
BANGLADESHI = Heritage("ban", "ABAN", BANGLADESHI_NAMES)
INDIAN = Heritage("ind", "AIND", INDIAN_NAMES)
NIGERIAN = Heritage("nig", "BAFR", WEST_AFRICAN_NAMES)
SOMALI = Heritage("som", "BAFR", SOMALI_NAMES, mother_keeps_surname=True)
GHANAIAN = Heritage("gha", "BAFR", WEST_AFRICAN_NAMES)
BLACK_CARIBBEAN = Heritage("bcrb", "BCRB", CARIBBEAN_NAMES)
CHINESE = Heritage("chn", "CHNE", CHINESE_NAMES, mother_keeps_surname=True)

SIKH_SURNAMES = ("Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Atwal")

HERITAGES = {
    h.key: h
    for h in (
        WHITE_BRITISH,
        IRISH,
        POLISH,
        ROMANIAN,
        PAKISTANI,
        BANGLADESHI,
        INDIAN,
        NIGERIAN,
        SOMALI,
        GHANAIAN,
        BLACK_CARIBBEAN,
        CHINESE,
    )
}

# Rough shape of a mid-sized English city; weights for the mother's heritage (a list, so order is fixed).
MOTHER_HERITAGE_WEIGHTS = (
    ("wbri", 58),
    ("wiri", 3),
    ("pol", 6),
    ("rom", 3),
    ("pak", 7),
    ("ban", 4),
    ("ind", 4),
    ("nig", 3),
    ("som", 3),
    ("gha", 2),
    ("bcrb", 5),
    ("chn", 2),
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
    "Alexander": "Alex",
    "William": "Will",
    "Thomas": "Tom",
    "Samuel": "Sam",
    "Joshua": "Josh",
    "Matthew": "Matt",
    "Christopher": "Chris",
    "Daniel": "Danny",
    "Jessica": "Jess",
    "Isabella": "Bella",
    "Florence": "Flo",
    "Samantha": "Sam",
    "Victoria": "Vicky",
    "Rebecca": "Becky",
    "Charlotte": "Charlie",
    "Nathaniel": "Nate",
    "Oluwatobi": "Tobi",
    "Oluwaseun": "Seun",
    "Temiloluwa": "Temi",
    "Chukwuemeka": "Emeka",
    "Babatunde": "Tunde",
    "Funmilayo": "Funmi",
    "Damilola": "Dami",
    "Toluwani": "Tolu",
    "Muhammad": "Mohammed",
    "Mohammed": "Muhammad",
    "Katarzyna": "Kasia",
    "Małgorzata": "Gosia",
    "Aleksandra": "Ola",
    "Łukasz": "Lukasz",
    "Michał": "Michal",
    "Paweł": "Pawel",
    "Mikołaj": "Mikolaj",
    "Stanisław": "Stan",
    "Ionuț": "Ionut",
    "Ștefan": "Stefan",
    "Rareș": "Rares",
    "Abdirahman": "Abdi",
    "Abdullahi": "Abdi",
    "Zakariye": "Zak",
    "Zakariya": "Zak",
    "Xiaoying": "Sharon",
    "Zhi Wei": "David",
    "Siobhan": "Shiv",
    "Padraig": "Paddy",
    "Kwabena": "Kobby",
    "Akosua": "Akos",
    "Chiamaka": "Amaka",
    "Ngozi": "Ngo",
    "Reginald": "Reggie",
    "Frederick": "Freddie",
}

# Twins of the same sex are sometimes given similar names: (heritage, sex, first twin, second twin).
# Yoruba families traditionally name twins Taiwo (first born) and Kehinde.
TWIN_NAMES = (
    ("wbri", "F", "Amelia", "Amelie"),
    ("wbri", "F", "Lily", "Lola"),
    ("wbri", "F", "Ella", "Ellie"),
    ("wbri", "F", "Maisie", "Millie"),
    ("wbri", "M", "Harry", "Harvey"),
    ("wbri", "M", "Leo", "Theo"),
    ("wbri", "M", "Alfie", "Archie"),
    ("wiri", "M", "Ryan", "Rory"),
    ("wiri", "F", "Aoife", "Aisling"),
    ("pak", "F", "Hafsa", "Hania"),
    ("pak", "F", "Zainab", "Zara"),
    ("pak", "M", "Hassan", "Hussain"),
    ("ban", "M", "Hassan", "Hussain"),
    ("ban", "F", "Tasnim", "Tahmina"),
    ("gha", "F", "Akua", "Adjoa"),
    ("gha", "M", "Kofi", "Kwame"),
    ("pol", "F", "Zofia", "Zuzanna"),
    ("pol", "M", "Filip", "Franciszek"),
    ("bcrb", "F", "Jada", "Jade"),
    ("bcrb", "M", "Jayden", "Jaylen"),
    ("ind", "F", "Anaya", "Aanya"),
    ("ind", "M", "Rohan", "Rohit"),
    ("nig", "F", "Taiwo", "Kehinde"),
    ("nig", "M", "Taiwo", "Kehinde"),
    ("som", "F", "Hodan", "Hamdi"),
    ("rom", "F", "Ana", "Ioana"),
    ("chn", "M", "Ethan", "Evan"),
)

MIDDLE_NAMES = {
    "F": ("Rose", "Grace", "Mae", "Louise", "Jane", "Elizabeth", "May", "Marie", "Anne", "Hope"),
    "M": ("James", "John", "Michael", "David", "Lee", "Paul", "Robert", "Edward", "Alan", "Peter"),
}

STREET_NAMES = (
    "Mill",
    "Church",
    "Station",
    "Victoria",
    "Park",
    "Queen's",
    "Orchard",
    "Meadow",
    "Chapel",
    "Brook",
    "Kingfisher",
    "Willow",
    "Hawthorn",
    "Beech",
    "Heron",
    "Priory",
    "Tannery",
    "Foundry",
    "Canal",
    "Quarry",
    "Cherry Tree",
    "Blackthorn",
    "Linden",
    "Rowan",
    "Sedge",
    "Wharf",
    "Ferry",
    "Coronation",
    "Jubilee",
    "Albion",
    "Lark",
    "Sparrow",
    "Maple",
    "Bramble",
    "Ashdown",
    "Elm",
    "Fern",
    "Harbour",
    "Lime Kiln",
    "Nightingale",
)
STREET_KINDS = (
    "Road",
    "Street",
    "Lane",
    "Close",
    "Avenue",
    "Way",
    "Drive",
    "Court",
    "Gardens",
    "Crescent",
    "Walk",
    "Terrace",
)
FLAT_BLOCKS = ("House", "Court", "Tower", "Point")
