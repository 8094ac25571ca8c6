"""The word lists the entity rules read, as data (as spaCy keeps `lang/en/stop_words.py`):
changing a list changes what the rules find, so raise RULES_VERSION with it."""

# lower-case words inside a person's name ("Ludwig van Beethoven")
PARTICLES = {
    "de", "da", "di", "du", "van", "von", "der", "den", "bin", "al", "la", "le", "del", "y", "dos", "das", "ter",
}  # fmt: skip
# nationality, religious and political group words: what a NORP may end with
NORP_WORDS = {
    "Arab", "Arabs", "Jew", "Jews", "Jewish", "Muslim", "Muslims", "Sunni", "Shia", "Shiite", "Shiites", "Hindu",
    "Hindus", "Sikh", "Sikhs", "Buddhist", "Buddhists", "Christian", "Christians", "Catholic", "Catholics",
    "Protestant", "Protestants", "Orthodox", "Democrat", "Democrats", "Republican", "Republicans", "Conservative",
    "Conservatives", "Tory", "Tories", "Labour", "Liberal", "Liberals", "Communist", "Communists", "Socialist",
    "Socialists", "Green", "Greens", "Nazi", "Nazis", "Taliban", "Kurd", "Kurds", "Thai", "Maori", "Inuit", "Zulu",
    "Basque", "Basques", "Swiss", "Welsh", "French", "Dutch", "Irish", "Scots", "Scot", "Briton", "Britons", "Western",
    "Eastern", "Soviet", "Yankee", "Yankees", "Gulf", "Latino", "Latinos", "Latin", "Brit", "Brits", "Swede",
    "Swedes", "Turk", "Turks", "Pole", "Poles", "Finn", "Finns", "Dane", "Danes", "Serb", "Serbs", "Croat", "Croats",
    "Slav", "Slavs", "Czech", "Czechs", "Slovak", "Slovaks", "Argentine", "Argentines", "Filipino", "Filipinos",
    "Kyrgyz", "Kazakh", "Kazakhs", "Uzbek", "Uzbeks", "Tajik", "Tajiks", "Lao", "Cypriot", "Cypriots", "Kiwi", "Kiwis",
    "Aussie", "Aussies", "Nationalist", "Nationalists", "Unionist", "Unionists", "Lib", "Dem", "Dems", "Blairite",
    "Blairites", "Zionist", "Zionists", "Mormon", "Mormons", "Baptist", "Baptists", "Anglican", "Anglicans",
}  # fmt: skip
# words that name a nationality or a people by themselves (the regular ones, "Kenyan",
# "Iraqi", "Chinese", are told by their country: see `demonym`)
NATIONALITY_WORDS = {
    "Briton", "Britons", "Brit", "Brits", "Scot", "Scots", "Swede", "Swedes", "Turk", "Turks", "Pole", "Poles", "Finn",
    "Finns", "Dane", "Danes", "Serb", "Serbs", "Croat", "Croats", "Czech", "Czechs", "Slovak", "Slovaks", "Kurd",
    "Kurds", "Arab", "Arabs", "Thai", "Welsh", "French", "Dutch", "Irish", "Swiss", "Greek", "Greeks", "Kiwi", "Kiwis",
    "Aussie", "Aussies", "Filipino", "Filipinos", "Argentine", "Argentines", "Cypriot", "Cypriots", "Kazakh", "Uzbek",
    "Tajik", "Kyrgyz", "Maori", "Inuit", "Zulu", "Basque", "Basques", "Englishman", "Englishmen", "Scotsman",
    "Scotsmen", "Welshman", "Irishman", "Frenchman", "Dutchman", "British", "English", "Scottish", "Spanish", "Polish",
    "Danish", "Swedish", "Finnish", "Spaniard", "Spaniards", "American", "Americans",
}  # fmt: skip
# what a name's last word says it is ("Sheffield United", "Berlin Film Festival")
HEAD_LABELS = {
    **dict.fromkeys((
        "Cup", "Open", "Olympics", "Championships", "Marathon", "Festival", "Prix", "Slam", "Trophy", "Tournament",
    ), "EVENT"),
    **dict.fromkeys(("Stadium", "Airport", "Arena", "Bridge", "Square", "Park", "Cathedral"), "FAC"),
    **dict.fromkeys((
        "Group", "Party", "Bank", "Office", "League", "Commission", "Corp", "Corporation", "Inc", "Ltd", "plc", "PLC",
        "Association", "Agency", "Council", "Foundation", "Committee", "Exchange", "Airlines", "Airways", "Trains",
        "Railways", "Megastores", "Brothers", "University", "College", "Institute", "Ministry", "Department",
        "Authority", "Society", "Club", "FC", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Records",
        "Studios", "Pictures", "Entertainment", "Networks", "Systems", "Technologies", "Telecom", "Communications",
        "Motors", "Holdings", "Police", "Parliament", "Assembly", "Executive", "Senate", "Congress", "Services",
    ), "ORG"),
}  # fmt: skip


# cue words: a name right after one is that kind of thing in the whole article
ORG_CUES = (
    "firm", "company", "giant", "provider", "carrier", "insurer", "retailer", "conglomerate", "operator", "brewer",
    "airline", "carmaker", "bank", "chain", "publisher", "broadcaster", "developer", "agency", "manufacturer",
    "supermarket", "telecoms", "regulator",
)  # fmt: skip
WORK_CUES = (
    "film", "movie", "album", "song", "novel", "book", "musical", "opera", "sitcom", "series", "drama", "documentary",
    "thriller", "comedy", "biopic", "sequel", "blockbuster", "soap", "cartoon", "painting", "poem", "ballet",
)  # fmt: skip
# what follows a company and never a person: its shares, staff, board, results
COMPANY_MATTERS = (
    "chief executive", "chairman", "shareholders", "shares", "share price", "profits?", "pre-tax", "revenues?", "staff",
    "employees", "workforce", "customers", "subscribers", "board", "stake", "subsidiary", "takeover",
)  # fmt: skip
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof")  # before a person's name

# currencies and units (regular expressions: "s?" where the plural is optional)
CURRENCIES = (
    "euros?", "dollars?", "pounds?", "pence", "cents?", "yen", "yuan", "rupees?", "francs?", "roubles?", "rubles?",
)  # fmt: skip
MORE_CURRENCIES = (
    "dinars?", "dirhams?", "pesos?", "rand", "krona", "kronor", "kroner", "shekels?", "lira", "reais", "real", "won",
    "bucks?",
)  # fmt: skip
UNITS = (
    "metres?", "meters?", "kilometres?", "kilometers?", "miles?", "yards?", "feet", "inches", "tonnes?", "tons?",
    "barrels?", "litres?", "liters?", "gallons?", "acres?", "hectares?",
)  # fmt: skip
RACES = (  # after a distance in metres: "400m hurdles"
    "hurdles", "race", "final", "title", "gold", "silver", "bronze", "record", "freestyle", "butterfly", "backstroke",
    "breaststroke", "medley", "relay", "champion", "sprint", "heats?",
)  # fmt: skip
