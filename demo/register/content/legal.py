# ruff: noqa: E501
"""Legal acts cited as legal basis (eli:LegalResource at ``https://virsis.example/id/legal/<key>``).

Titles are the acts' real names; the likumi.lv links are given as found in the official
publisher's numbering to the best of our knowledge (demo data, not legal advice).
"""

LAWS: dict[str, tuple[str, str, str]] = {
    "residence": (
        "Dzīvesvietas deklarēšanas likums",
        "Law on Declaration of Place of Residence",
        "https://likumi.lv/ta/id/322490",
    ),
    "civil-status": (
        "Civilstāvokļa aktu reģistrācijas likums",
        "Law on Registration of Civil Status Documents",
        "https://likumi.lv/ta/id/253442",
    ),
    "id-docs": (
        "Personu apliecinošu dokumentu likums",
        "Personal Identification Documents Law",
        "https://likumi.lv/ta/id/243484",
    ),
    "civil-law": ("Civillikums", "The Civil Law", "https://likumi.lv/ta/id/225418"),
    "social-benefits": (
        "Valsts sociālo pabalstu likums",
        "Law on State Social Allowances",
        "https://likumi.lv/ta/id/68483",
    ),
    "maternity": (
        'Likums "Par maternitātes un slimības apdrošināšanu"',
        "Law on Maternity and Sickness Insurance",
        "https://likumi.lv/ta/id/38051",
    ),
    "pensions": (
        'Likums "Par valsts pensijām"',
        "Law on State Pensions",
        "https://likumi.lv/ta/id/38048",
    ),
    "unemployment-ins": (
        'Likums "Par apdrošināšanu bezdarba gadījumam"',
        "Law on Insurance in Case of Unemployment",
        "https://likumi.lv/ta/id/4606",
    ),
    "jobseekers": (
        "Bezdarbnieku un darba meklētāju atbalsta likums",
        "Support for Unemployed Persons and Persons Seeking Employment Law",
        "https://likumi.lv/ta/id/62539",
    ),
    "road-traffic": ("Ceļu satiksmes likums", "Road Traffic Law", "https://likumi.lv/ta/id/45467"),
    "education": ("Izglītības likums", "Education Law", "https://likumi.lv/ta/id/50759"),
    "general-education": (
        "Vispārējās izglītības likums",
        "General Education Law",
        "https://likumi.lv/ta/id/20243",
    ),
    "income-tax": (
        'Likums "Par iedzīvotāju ienākuma nodokli"',
        "Law on Personal Income Tax",
        "https://likumi.lv/ta/id/56880",
    ),
    "property-tax": (
        'Likums "Par nekustamā īpašuma nodokli"',
        "Law on Immovable Property Tax",
        "https://likumi.lv/ta/id/43913",
    ),
    "land-book": ("Zemesgrāmatu likums", "Land Register Law", "https://likumi.lv/ta/id/60460"),
    "construction": ("Būvniecības likums", "Construction Law", "https://likumi.lv/ta/id/258572"),
    "social-services": (
        "Sociālo pakalpojumu un sociālās palīdzības likums",
        "Law on Social Services and Social Assistance",
        "https://likumi.lv/ta/id/68488",
    ),
    "vat": (
        "Pievienotās vērtības nodokļa likums",
        "Value Added Tax Law",
        "https://likumi.lv/ta/id/253451",
    ),
    "commercial": ("Komerclikums", "Commercial Law", "https://likumi.lv/ta/id/5490"),
    "micro-tax": (
        "Mikrouzņēmumu nodokļa likums",
        "Micro-enterprise Tax Law",
        "https://likumi.lv/ta/id/215136",
    ),
    "trademarks": ("Preču zīmju likums", "Trade Mark Law", "https://likumi.lv/ta/id/300004"),
    "procurement": (
        "Publisko iepirkumu likums",
        "Public Procurement Law",
        "https://likumi.lv/ta/id/287760",
    ),
    "food": (
        "Pārtikas aprites uzraudzības likums",
        "Law on the Supervision of the Handling of Food",
        "https://likumi.lv/ta/id/47713",
    ),
    "health-finance": (
        "Veselības aprūpes finansēšanas likums",
        "Health Care Financing Law",
        "https://likumi.lv/ta/id/296005",
    ),
    "medical": ("Ārstniecības likums", "Medical Treatment Law", "https://likumi.lv/ta/id/44108"),
    "disability": ("Invaliditātes likums", "Disability Law", "https://likumi.lv/ta/id/211494"),
    "info-systems": (
        "Valsts informācijas sistēmu likums",
        "State Information Systems Law",
        "https://likumi.lv/ta/id/62324",
    ),
    "e-docs": (
        "Elektronisko dokumentu likums",
        "Electronic Documents Law",
        "https://likumi.lv/ta/id/68521",
    ),
    "e-identification": (
        "Fizisko personu elektroniskās identifikācijas likums",
        "Law on the Electronic Identification of Natural Persons",
        "https://likumi.lv/ta/id/271032",
    ),
    "archives": ("Arhīvu likums", "Archives Law", "https://likumi.lv/ta/id/187474"),
    "geospatial": (
        "Ģeotelpiskās informācijas likums",
        "Geospatial Information Law",
        "https://likumi.lv/ta/id/238811",
    ),
    "public-admin": (
        "Valsts pārvaldes iekārtas likums",
        "State Administration Structure Law",
        "https://likumi.lv/ta/id/63545",
    ),
    "data-protection": (
        "Fizisko personu datu apstrādes likums",
        "Personal Data Processing Law",
        "https://likumi.lv/ta/id/300099",
    ),
    "freedom-of-info": (
        "Informācijas atklātības likums",
        "Freedom of Information Law",
        "https://likumi.lv/ta/id/50601",
    ),
    "taxes-fees": (
        'Likums "Par nodokļiem un nodevām"',
        "Law on Taxes and Fees",
        "https://likumi.lv/ta/id/33946",
    ),
    "enterprise-register": (
        'Likums "Par Latvijas Republikas Uzņēmumu reģistru"',
        "Law on the Enterprise Register of the Republic of Latvia",
        "https://likumi.lv/ta/id/72847",
    ),
    "labour": ("Darba likums", "Labour Law", "https://likumi.lv/ta/id/26019"),
    "social-insurance": (
        'Likums "Par valsts sociālo apdrošināšanu"',
        "Law on State Social Insurance",
        "https://likumi.lv/ta/id/45466",
    ),
    "official-language": (
        "Valsts valodas likums",
        "Official Language Law",
        "https://likumi.lv/ta/id/14740",
    ),
    "legislation": (
        "Normatīvo aktu publicēšanas un juridiskās informācijas sistematizācijas likums",
        "Law on Publication of Legal Acts and Systematisation of Legal Information",
        "https://likumi.lv/ta/id/269966",
    ),
    "admin-procedure": (
        "Administratīvā procesa likums",
        "Administrative Procedure Law",
        "https://likumi.lv/ta/id/55567",
    ),
    "guarantee-fund": (
        "Uzturlīdzekļu garantiju fonda likums",
        "Maintenance Guarantee Fund Law",
        "https://likumi.lv/ta/id/90386",
    ),
    "citizenship": ("Pilsonības likums", "Citizenship Law", "https://likumi.lv/ta/id/57512"),
    "immigration": ("Imigrācijas likums", "Immigration Law", "https://likumi.lv/ta/id/68522"),
    "weapons": (
        "Ieroču un speciālo līdzekļu aprites likums",
        "Law on the Handling of Weapons and Special Means",
        "https://likumi.lv/ta/id/253545",
    ),
    "support-business": (
        "Komercdarbības atbalsta kontroles likums",
        "Law on Control of Aid for Commercial Activity",
        "https://likumi.lv/ta/id/262417",
    ),
    "alcohol": (
        "Alkoholisko dzērienu aprites likums",
        "Law on the Handling of Alcoholic Beverages",
        "https://likumi.lv/ta/id/312456",
    ),
    "consumer": (
        "Patērētāju tiesību aizsardzības likums",
        "Consumer Rights Protection Law",
        "https://likumi.lv/ta/id/23309",
    ),
    "insolvency": ("Maksātnespējas likums", "Insolvency Law", "https://likumi.lv/ta/id/214590"),
    "agri-support": (
        "Lauksaimniecības un lauku attīstības likums",
        "Agriculture and Rural Development Law",
        "https://likumi.lv/ta/id/87442",
    ),
    "environment": (
        "Vides aizsardzības likums",
        "Environmental Protection Law",
        "https://likumi.lv/ta/id/147917",
    ),
    "budget": (
        'Likums "Par budžetu un finanšu vadību"',
        "Law on Budget and Financial Management",
        "https://likumi.lv/ta/id/58026",
    ),
    "accounting": ("Grāmatvedības likums", "Accounting Law", "https://likumi.lv/ta/id/333331"),
}
