# ruff: noqa: E501
"""Life situations (cv:LifeEvent) and business situations (cv:BusinessEvent).

Each need is ``(order, title, description, [service ids])``; needs sharing an order number
happen at the same time. The builder derives ``cv:hasRelatedService`` on the event and the
services' ``cv:isGroupedBy`` back-links from these lists.
"""


def _ev(
    ident: str,
    kind: str,
    title: tuple[str, str],
    desc: tuple[str, str],
    needs: list[tuple],
    extra: tuple[str, ...] = (),
) -> dict:
    return {
        "id": ident,
        "kind": kind,
        "title": title,
        "desc": desc,
        "needs": needs,
        "extra": list(extra),
    }


EVENTS = [
    _ev(
        "DS-001",
        "life",
        ("Bērna piedzimšana", "A child is born"),
        (
            "Bērna ienākšana ģimenē prasa nokārtot vairākas formalitātes: reģistrēt dzimšanu, deklarēt dzīvesvietu un pieteikt pabalstus. Daļu no tām var izdarīt vienlaikus tiešsaistē.",
            "A new child in the family means several formalities: registering the birth, declaring residence and claiming benefits. Several can be done at the same time online.",
        ),
        [
            (
                1,
                ("Reģistrēt bērna dzimšanu", "Register the birth"),
                ("Mēneša laikā pēc dzimšanas.", "Within one month of the birth."),
                ["PAK-0003", "PAK-0090"],
            ),
            (
                2,
                ("Deklarēt bērna dzīvesvietu", "Declare the child's residence"),
                (
                    "Var izdarīt reizē ar dzimšanas reģistrāciju.",
                    "Can be done together with birth registration.",
                ),
                ["PAK-0001"],
            ),
            (
                2,
                ("Pieteikt pabalstus", "Apply for benefits"),
                (
                    "Bērna piedzimšanas, vecāku un paternitātes pabalsts.",
                    "Childbirth, parental and paternity benefits.",
                ),
                ["PAK-0006", "PAK-0005", "PAK-0009", "PAK-0004"],
            ),
            (
                3,
                ("Parūpēties par veselību un bērnudārzu", "Arrange health care and kindergarten"),
                (
                    "Reģistrēt pie ģimenes ārsta un pieteikt bērnudārza rindā.",
                    "Register with a family doctor and join the kindergarten queue.",
                ),
                ["PAK-0036", "PAK-0030"],
            ),
        ],
    ),
    _ev(
        "DS-002",
        "life",
        ("Dzīvesvietas maiņa", "Moving house"),
        (
            "Pārceļoties uz jaunu adresi, mēneša laikā jādeklarē jaunā dzīvesvieta. Pēc tam pārbaudiet pakalpojumus, kas saistīti ar deklarēto adresi: bērnudārzu un skolu, ģimenes ārstu, vēlēšanu iecirkni, nekustamā īpašuma nodokli un pašvaldības atbalstu.",
            "When you move you must declare your new address within a month. Then check the services tied to your declared address: kindergarten and school, family doctor, polling station, property tax and municipal support.",
        ),
        [
            (
                1,
                ("Deklarēt jauno adresi", "Declare the new address"),
                (
                    "Mēneša laikā pēc pārcelšanās, tiešsaistē vai ar papīra veidlapu.",
                    "Within one month of moving, online or on a paper form.",
                ),
                ["PAK-0001", "PAK-0098"],
            ),
            (
                2,
                ("Saņemt izziņu par jauno adresi", "Get a certificate of the new address"),
                (
                    "Ja to prasa darba devējs, banka vai cita iestāde.",
                    "If your employer, bank or another institution asks for it.",
                ),
                ["PAK-0002"],
            ),
            (
                2,
                ("Nokārtot pašvaldības pakalpojumus", "Sort out municipal services"),
                (
                    "Bērnudārzs, skola, transporta atlaides.",
                    "Kindergarten, school, transport concessions.",
                ),
                ["PAK-0030", "PAK-0031", "PAK-0070"],
            ),
            (
                2,
                ("Pārbaudīt vēlēšanu iecirkni", "Check your polling station"),
                ("Iecirkni var mainīt tiešsaistē.", "The polling station can be changed online."),
                ["PAK-0092"],
            ),
            (
                3,
                (
                    "Pārbaudīt ģimenes ārstu, nodokļus un atbalstu",
                    "Check your family doctor, taxes and support",
                ),
                (
                    "Ģimenes ārstu tuvāk mājām var izvēlēties jebkurā laikā; nekustamā īpašuma nodoklis un tā atvieglojumi, mājokļa pabalsts jaunajā pašvaldībā.",
                    "You can choose a family doctor near your new home at any time; property tax and its reliefs, housing benefit in the new municipality.",
                ),
                ["PAK-0036", "PAK-0039", "PAK-0040", "PAK-0049"],
            ),
        ],
    ),
    _ev(
        "DS-003",
        "life",
        ("Laulības noslēgšana", "Getting married"),
        (
            "Lai precētos, jāpiesakās dzimtsarakstu nodaļā, un pēc laulības var būt jāmaina dokumenti.",
            "To marry you apply to a registry office, and after the wedding you may need new documents.",
        ),
        [
            (
                1,
                ("Pieteikt laulību", "Apply to marry"),
                ("Ne vēlāk kā mēnesi pirms kāzām.", "At least one month before the wedding."),
                ["PAK-0022"],
            ),
            (
                2,
                ("Nomainīt dokumentus", "Replace documents"),
                ("Ja mainās uzvārds.", "If the surname changes."),
                ["PAK-0010", "PAK-0011", "PAK-0027"],
            ),
        ],
    ),
    _ev(
        "DS-004",
        "life",
        ("Darba zaudēšana", "Losing a job"),
        (
            "Zaudējot darbu, svarīgi ātri reģistrēties NVA, lai saņemtu pabalstu un atbalstu jauna darba meklēšanā.",
            "When you lose your job, register quickly with the SEA to receive benefit and help finding new work.",
        ),
        [
            (
                1,
                ("Reģistrēties kā bezdarbniekam", "Register as unemployed"),
                ("Statuss dod tiesības uz atbalstu.", "The status gives access to support."),
                ["PAK-0013"],
            ),
            (
                1,
                ("Pieteikt bezdarbnieka pabalstu", "Claim unemployment benefit"),
                ("Kopā ar statusa pieteikumu.", "Together with the status application."),
                ["PAK-0014"],
            ),
            (
                2,
                ("Iegūt jaunas prasmes", "Gain new skills"),
                ("Apmācības un kursi.", "Training and courses."),
                ["PAK-0016"],
            ),
            (
                3,
                ("Saņemt sociālo atbalstu, ja vajag", "Get social support if needed"),
                ("Ja ienākumi ir zemi.", "If income is low."),
                ["PAK-0048", "PAK-0049", "PAK-0097"],
            ),
        ],
    ),
    _ev(
        "DS-005",
        "life",
        ("Pensionēšanās", "Retiring"),
        (
            "Tuvojoties pensijas vecumam, pārbaudiet savu stāžu un piesakiet pensiju laikus.",
            "As pension age approaches, check your insurance record and apply for the pension in time.",
        ),
        [
            (
                1,
                ("Pārbaudīt stāžu", "Check your insurance record"),
                (
                    "Trūkstošo stāžu var pierādīt ar arhīva izziņām.",
                    "Missing periods can be proved with archive certificates.",
                ),
                ["PAK-0057", "PAK-0088"],
            ),
            (
                2,
                ("Pieteikt pensiju", "Apply for the pension"),
                ("Mēnesi pirms pensijas vecuma.", "One month before pension age."),
                ["PAK-0017", "PAK-0018"],
            ),
            (
                3,
                ("Izmantot atvieglojumus", "Use concessions"),
                ("Transporta un nodokļu atvieglojumi.", "Transport and tax concessions."),
                ["PAK-0071", "PAK-0040"],
            ),
        ],
    ),
    _ev(
        "DS-006",
        "life",
        ("Tuvinieka nāve", "Death of a relative"),
        (
            "Pēc tuvinieka nāves jāreģistrē miršana, jākārto apbedīšana un jāpiesaka pabalsti.",
            "After a relative dies you register the death, arrange the funeral and claim benefits.",
        ),
        [
            (
                1,
                ("Reģistrēt miršanu", "Register the death"),
                ("Sešu darbdienu laikā.", "Within six working days."),
                ["PAK-0021"],
            ),
            (
                2,
                ("Pieteikt apbedīšanas pabalstu", "Claim the funeral benefit"),
                ("12 mēnešu laikā.", "Within 12 months."),
                ["PAK-0020"],
            ),
            (
                2,
                ("Pieteikt apgādnieka zaudējuma pensiju", "Claim the survivor's pension"),
                ("Ja palikuši apgādājamie.", "If there are dependants."),
                ["PAK-0019"],
            ),
            (
                3,
                ("Nokārtot mantojumu", "Settle the inheritance"),
                ("Īpašuma pārreģistrācija.", "Re-registering property."),
                ["PAK-0044", "PAK-0025"],
            ),
        ],
    ),
    _ev(
        "DS-007",
        "life",
        ("Bērns sāk skolu", "Starting school"),
        (
            "Bērns pirmajā klasē sāk mācīties tajā gadā, kad viņam aprit septiņi gadi.",
            "Children start year 1 in the year they turn seven.",
        ),
        [
            (
                1,
                ("Pieteikt skolā", "Apply to a school"),
                ("Pieteikumu iesniedz pavasarī.", "Apply in spring."),
                ["PAK-0031"],
            ),
            (
                2,
                ("Sagatavoties skolai", "Get ready for school"),
                (
                    "Veselības karte, skolēna apliecība, brīvpusdienas.",
                    "Health record, pupil card, free meals.",
                ),
                ["PAK-0036", "PAK-0032", "PAK-0069"],
            ),
            (
                3,
                ("Pieteikt pulciņus", "Sign up for clubs"),
                ("Interešu izglītība.", "After-school activities."),
                ["PAK-0096"],
            ),
        ],
    ),
    _ev(
        "DS-008",
        "life",
        ("Nekustamā īpašuma iegāde", "Buying property"),
        (
            "Pērkot dzīvokli vai māju, jāpārbauda īpašums, jānoformē darījums un jānostiprina īpašuma tiesības.",
            "When you buy a flat or house you check the property, complete the deal and register your ownership.",
        ),
        [
            (
                1,
                ("Pārbaudīt īpašumu", "Check the property"),
                ("Zemesgrāmata un kadastrs.", "Land Register and cadastre."),
                ["PAK-0045", "PAK-0051"],
            ),
            (
                2,
                ("Finansēt pirkumu", "Finance the purchase"),
                ("Valsts galvojums ģimenēm.", "State guarantee for families."),
                ["PAK-0083"],
            ),
            (
                3,
                ("Nostiprināt īpašumu", "Register ownership"),
                ("Ieraksts zemesgrāmatā.", "Entry in the Land Register."),
                ["PAK-0044"],
            ),
            (
                4,
                ("Deklarēt dzīvesvietu un maksāt nodokli", "Declare residence and pay tax"),
                ("Pēc pārcelšanās.", "After moving in."),
                ["PAK-0001", "PAK-0039"],
            ),
        ],
    ),
    _ev(
        "DS-009",
        "life",
        ("Invaliditāte vai ilgstoša slimība", "Disability or long-term illness"),
        (
            "Ja veselības dēļ ir grūti strādāt vai sevi aprūpēt, pieejams valsts un pašvaldības atbalsts.",
            "If health problems make it hard to work or look after yourself, state and municipal support is available.",
        ),
        [
            (
                1,
                ("Noteikt invaliditāti", "Have disability assessed"),
                ("Pēc ārsta nosūtījuma.", "On a doctor's referral."),
                ["PAK-0033"],
            ),
            (
                2,
                ("Pieteikt pensiju un pabalstus", "Claim pension and benefits"),
                ("Invaliditātes pensija, kopšanas pabalsts.", "Disability pension, care benefit."),
                ["PAK-0034", "PAK-0053", "PAK-0054"],
            ),
            (
                2,
                ("Saņemt palīdzību ikdienā", "Get everyday help"),
                ("Asistents, palīglīdzekļi, aprūpe, stāvvieta.", "Assistant, aids, care, parking."),
                ["PAK-0074", "PAK-0073", "PAK-0075", "PAK-0072"],
            ),
        ],
    ),
    _ev(
        "DS-010",
        "life",
        ("Auto iegāde", "Getting a car"),
        (
            "Iegādājoties auto, jāreģistrē īpašnieka maiņa, jāveic tehniskā apskate un jāsamaksā nodoklis.",
            "When you get a car you register the change of owner, have it tested and pay the tax.",
        ),
        [
            (
                1,
                ("Iegūt vadītāja apliecību", "Get a driving licence"),
                ("Ja vēl nav.", "If you do not have one."),
                ["PAK-0026"],
            ),
            (
                2,
                ("Reģistrēt auto", "Register the car"),
                (
                    "Īpašnieka maiņa vai pirmreizēja reģistrācija.",
                    "Change of owner or first registration.",
                ),
                ["PAK-0025", "PAK-0024"],
            ),
            (
                3,
                ("Apskate un nodoklis", "Test and tax"),
                ("Pirms braukšanas.", "Before driving."),
                ["PAK-0028", "PAK-0029"],
            ),
        ],
    ),
    _ev(
        "DS-011",
        "life",
        ("Ceļošana uz ārzemēm", "Travelling abroad"),
        (
            "Pirms ceļojuma pārbaudiet dokumentu derīgumu un parūpējieties par veselības apdrošināšanu.",
            "Before travelling check that your documents are valid and arrange health cover.",
        ),
        [
            (
                1,
                ("Derīgs ceļošanas dokuments", "A valid travel document"),
                ("Pase vai personas apliecība.", "Passport or identity card."),
                ["PAK-0010", "PAK-0011"],
            ),
            (
                1,
                ("Veselības apdrošināšana", "Health cover"),
                ("EVAK karte.", "EHIC card."),
                ["PAK-0035"],
            ),
            (
                2,
                ("Ja dokuments pazūd", "If a document is lost"),
                ("Paziņot nekavējoties.", "Report it at once."),
                ["PAK-0012"],
            ),
        ],
    ),
    _ev(
        "DS-012",
        "life",
        ("Nonākšana finansiālās grūtībās", "Facing financial hardship"),
        (
            "Ja ienākumi nepietiek iztikai, pašvaldība var palīdzēt ar pabalstiem un atvieglojumiem.",
            "If your income is not enough to live on, the municipality can help with benefits and concessions.",
        ),
        [
            (
                1,
                ("Konsultēties ar sociālo darbinieku", "See a social worker"),
                ("Situācijas izvērtēšana.", "Assessing the situation."),
                ["PAK-0097"],
            ),
            (
                2,
                ("Iegūt trūcīgas personas statusu", "Get needy status"),
                ("Ienākumu izvērtēšana.", "Income assessment."),
                ["PAK-0048"],
            ),
            (
                3,
                ("Saņemt pabalstus", "Receive benefits"),
                ("GMI, mājokļa pabalsts, brīvpusdienas.", "GMI, housing benefit, free meals."),
                ["PAK-0050", "PAK-0049", "PAK-0069"],
            ),
        ],
    ),
    _ev(
        "DS-013",
        "business",
        ("Uzņēmuma dibināšana", "Starting a business"),
        (
            "Lai sāktu uzņēmējdarbību, izvēlieties uzņēmuma formu, reģistrējiet to un nokārtojiet nodokļu jautājumus.",
            "To start a business you choose its legal form, register it and sort out taxes.",
        ),
        [
            (
                1,
                ("Izvēlēties formu un reģistrēties", "Choose a form and register"),
                (
                    "SIA, IK vai pašnodarbinātais.",
                    "Limited company, sole merchant or self-employed.",
                ),
                ["PAK-0101", "PAK-0102", "PAK-0103"],
            ),
            (
                2,
                ("Reģistrēt patiesā labuma guvējus", "Register beneficial owners"),
                ("Reizē ar dibināšanu.", "At the same time as founding."),
                ["PAK-0110"],
            ),
            (
                3,
                ("Izvēlēties nodokļu režīmu", "Choose a tax regime"),
                ("PVN, mikrouzņēmumu nodoklis.", "VAT, micro-enterprise tax."),
                ["PAK-0104", "PAK-0106"],
            ),
            (
                4,
                ("Atrast finansējumu", "Find funding"),
                ("Starta aizdevums, inkubatori.", "Start-up loan, incubators."),
                ["PAK-0123", "PAK-0122"],
            ),
        ],
    ),
    _ev(
        "DS-014",
        "business",
        ("Pirmā darbinieka pieņemšana", "Hiring the first employee"),
        (
            "Pieņemot darbā darbinieku, jānoslēdz darba līgums, jāreģistrē darbinieks VID un jāmaksā nodokļi.",
            "When you hire someone you sign an employment contract, register the employee with the SRS and pay taxes.",
        ),
        [
            (
                1,
                ("Atrast darbinieku", "Find an employee"),
                ("Vakances publicēšana.", "Posting a vacancy."),
                ["PAK-0130", "PAK-0131"],
            ),
            (
                2,
                ("Reģistrēt darbinieku", "Register the employee"),
                ("Dienu pirms darba sākuma.", "The day before work starts."),
                ["PAK-0105"],
            ),
            (
                3,
                ("Ziņot par algām un ievērot darba tiesības", "Report wages and follow labour law"),
                ("Katru mēnesi.", "Every month."),
                ["PAK-0128", "PAK-0086"],
            ),
        ],
    ),
    _ev(
        "DS-015",
        "business",
        ("Uzņēmuma slēgšana", "Closing a business"),
        (
            "Uzņēmumu var likvidēt brīvprātīgi vai maksātnespējas procesā.",
            "A company can be wound up voluntarily or through insolvency.",
        ),
        [
            (
                1,
                ("Nokārtot nodokļus", "Settle taxes"),
                ("Nodokļu parādi jāsamaksā.", "Tax debts must be paid."),
                ["PAK-0126", "PAK-0043"],
            ),
            (
                2,
                ("Likvidēt vai pieteikt maksātnespēju", "Wind up or file for insolvency"),
                ("Atkarībā no situācijas.", "Depending on the situation."),
                ["PAK-0108", "PAK-0137"],
            ),
        ],
    ),
    _ev(
        "DS-016",
        "business",
        ("Eksporta uzsākšana", "Starting to export"),
        (
            "Uzsākot eksportu, var izmantot valsts atbalstu tirgus izpētei, izstādēm un riska mazināšanai.",
            "When you start exporting you can use state support for market research, trade fairs and risk cover.",
        ),
        [
            (
                1,
                ("Izpētīt tirgu", "Research the market"),
                ("LIAA konsultācijas.", "LIAA advice."),
                ["PAK-0121"],
            ),
            (
                2,
                ("Piedalīties izstādēs", "Attend trade fairs"),
                ("Līdzfinansējums.", "Co-funding."),
                ["PAK-0120", "PAK-0140"],
            ),
            (
                2,
                ("Mazināt risku", "Reduce risk"),
                ("Eksporta kredīta garantija.", "Export credit guarantee."),
                ["PAK-0124"],
            ),
            (
                3,
                ("Nokārtot sertifikātus", "Get certificates"),
                ("Pārtikas eksportam.", "For food exports."),
                ["PAK-0139"],
            ),
        ],
    ),
    _ev(
        "DS-017",
        "business",
        ("Pārtikas uzņēmuma atvēršana", "Opening a food business"),
        (
            "Kafejnīcai, veikalam vai ražotnei jāsaņem PVD reģistrācija un jāievēro higiēnas prasības.",
            "A café, shop or food plant needs FVS registration and must follow hygiene rules.",
        ),
        [
            (
                1,
                ("Reģistrēt uzņēmumu", "Register the company"),
                ("Uzņēmumu reģistrā.", "In the Register of Enterprises."),
                ["PAK-0101", "PAK-0115"],
            ),
            (
                2,
                ("Reģistrēties PVD", "Register with the FVS"),
                ("Pirms darbības sākuma.", "Before starting."),
                ["PAK-0114"],
            ),
            (
                2,
                ("Saņemt atļaujas", "Get permits"),
                ("Alkohols, ielu tirdzniecība.", "Alcohol, street trading."),
                ["PAK-0116", "PAK-0117"],
            ),
        ],
    ),
    _ev(
        "DS-018",
        "business",
        ("Piedalīšanās valsts iepirkumā", "Bidding for a public contract"),
        (
            "Valsts un pašvaldības pērk preces un pakalpojumus atklātos iepirkumos, kuros var piedalīties jebkurš uzņēmums.",
            "State and local authorities buy goods and services through open tenders any company can join.",
        ),
        [
            (
                1,
                ("Reģistrēties EIS", "Register in EIS"),
                ("Bez maksas.", "Free of charge."),
                ["PAK-0118"],
            ),
            (
                2,
                ("Sagatavot dokumentus", "Prepare documents"),
                ("Izziņas par nodokļiem un sodāmību.", "Tax and criminal record certificates."),
                ["PAK-0043", "PAK-0062"],
            ),
            (
                3,
                ("Pārsūdzēt, ja vajag", "Appeal if needed"),
                ("IUB iesniegums.", "Complaint to the Bureau."),
                ["PAK-0119"],
            ),
        ],
    ),
    _ev(
        "DS-019",
        "business",
        ("Būvniecības projekta īstenošana", "Carrying out a construction project"),
        (
            "Būvniecības process sākas ar būvatļauju un beidzas ar nodošanu ekspluatācijā.",
            "Construction starts with a building permit and ends with acceptance into service.",
        ),
        [
            (
                1,
                ("Saņemt būvatļauju", "Get a building permit"),
                ("BIS sistēmā.", "In BIS."),
                ["PAK-0046", "PAK-0047"],
            ),
            (
                2,
                ("Izvēlēties būvkomersantu", "Choose a builder"),
                ("Reģistrēts būvkomersants.", "A registered construction company."),
                ["PAK-0134"],
            ),
            (
                3,
                ("Nodot ekspluatācijā", "Accept into service"),
                ("Pēc uzmērīšanas.", "After surveying."),
                ["PAK-0052", "PAK-0135"],
            ),
        ],
    ),
]
