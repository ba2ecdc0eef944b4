# ruff: noqa: E501
"""Services for residents (audience citizen), part 1: PAK-0001 … PAK-0050."""

from demo.register.content.helpers import APPLICATION, E_AUTH, FREE, ID_DOC, part, phone, post
from demo.register.content.helpers import centre as C
from demo.register.content.helpers import eservice as E
from demo.register.content.helpers import fee as F
from demo.register.content.helpers import out as O
from demo.register.content.helpers import req as R
from demo.register.content.helpers import service as S

LV = "https://www.latvija.gov.lv/lv/Epakalpojumi/"

SERVICES = [
    S(
        "PAK-0001",
        ("Dzīvesvietas deklarēšana", "Declaring your place of residence"),
        (
            "Ikvienam Latvijas iedzīvotājam jādeklarē adrese, kurā viņš dzīvo un kurā ar viņu var sazināties valsts un pašvaldību iestādes. Deklarēt var tiešsaistē, klātienē pašvaldībā vai klientu apkalpošanas centrā. Dzīvesvieta jādeklarē mēneša laikā pēc pārcelšanās, un tā ir saistīta ar pašvaldības pakalpojumiem, nodokļu sadali un saziņu ar iestādēm.",
            "Everyone living in Latvia must declare the address where they live and where state and local authorities can reach them. You can declare online, in person at the municipality or at a client service centre. The declaration is due within a month of moving and determines access to municipal services, tax allocation and official correspondence.",
        ),
        (
            "deklarēt, dzīvesvieta, adrese, pārcelšanās, pierakstīties",
            "declare, residence, address, moving, registration",
        ),
        "citizen",
        "PMLP",
        channels=[E(LV + "EP40/Apraksts"), C("VPVKAC"), phone()],
        cost=FREE,
        reqs=[
            E_AUTH,
            R(
                ("Tiesisks pamats dzīvot adresē", "Legal basis to live at the address"),
                (
                    "Jābūt īpašuma, īres vai citam tiesiskam pamatam uzturēties deklarētajā adresē; ja to nav, dzīvokļa īpašniekam jāapstiprina piekrišana.",
                    "You need ownership, a lease or another legal basis to stay at the address; otherwise the owner must confirm consent.",
                ),
                ("Īres līgums vai īpašnieka piekrišana", "Lease agreement or owner's consent"),
            ),
        ],
        output=O(
            (
                "Deklarētā dzīvesvieta Iedzīvotāju reģistrā",
                "Declared residence in the Population Register",
            ),
            (
                "Adrese tiek reģistrēta Iedzīvotāju reģistrā, un par to var saņemt apliecinājumu.",
                "The address is entered in the Population Register and a confirmation can be issued.",
            ),
        ),
        time="P1D",
        legal=["residence"],
        themes=["residence"],
        related=["PAK-0002"],
        parts=[
            part(
                "VPVKAC",
                (
                    "Klientu centri pieņem dzīvesvietas deklarācijas klātienē.",
                    "Client centres accept declarations in person.",
                ),
            )
        ],
        modified="2025-10-02T08:15:00Z",
    ),
    S(
        "PAK-0002",
        ("Izziņa par deklarēto dzīvesvietu", "Certificate of declared residence"),
        (
            "Izziņa apliecina, kāda adrese ir deklarēta jums vai jūsu nepilngadīgajiem bērniem. To bieži prasa bankas, skolas un ārvalstu iestādes. Izziņu var saņemt elektroniski bez maksas vai papīra formā klātienē.",
            "The certificate confirms which address is declared for you or your minor children. Banks, schools and foreign authorities often ask for it. You can get it electronically free of charge or on paper in person.",
        ),
        ("izziņa, dzīvesvieta, deklarētā adrese", "certificate, residence, declared address"),
        "citizen",
        "PMLP",
        channels=[E(LV + "EP42/Apraksts"), C()],
        cost=[
            F(
                0,
                (
                    "Elektroniska izziņa ir bez maksas.",
                    "An electronic certificate is free of charge.",
                ),
            ),
            F(4.27, ("Papīra izziņa klātienē.", "Paper certificate issued in person.")),
        ],
        reqs=[E_AUTH],
        output=O(("Izziņa par deklarēto dzīvesvietu", "Certificate of declared residence")),
        time="PT1H",
        legal=["residence"],
        themes=["residence"],
        related=["PAK-0001"],
    ),
    S(
        "PAK-0003",
        ("Bērna dzimšanas reģistrācija", "Registering a child's birth"),
        (
            "Pēc bērna piedzimšanas vecākiem mēneša laikā jāreģistrē dzimšana dzimtsarakstu nodaļā vai tiešsaistē. Reģistrējot bērnam piešķir vārdu, uzvārdu un personas kodu, un vecāki saņem dzimšanas apliecību. Vienlaikus var deklarēt bērna dzīvesvietu un pieteikt pabalstus.",
            "After a child is born the parents must register the birth with a registry office or online within one month. Registration gives the child a name, surname and personal code, and the parents receive a birth certificate. At the same time you can declare the child's residence and apply for benefits.",
        ),
        (
            "bērns, dzimšana, dzimšanas apliecība, jaundzimušais, personas kods",
            "child, birth, birth certificate, newborn, personal code",
        ),
        "citizen",
        "RDZN",
        channels=[E(LV + "EP130/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Medicīniskā izziņa par dzimšanu", "Medical birth record"),
                (
                    "Ārstniecības iestāde elektroniski nodod ziņas par bērna piedzimšanu.",
                    "The hospital sends the record of the birth electronically.",
                ),
                ("Ārstniecības iestādes izziņa par dzimšanu", "Hospital birth record"),
            ),
            ID_DOC,
        ],
        output=O(
            ("Dzimšanas apliecība", "Birth certificate"),
            (
                "Bērns tiek ierakstīts Iedzīvotāju reģistrā ar personas kodu.",
                "The child is entered in the Population Register with a personal code.",
            ),
        ),
        time="P1D",
        legal=["civil-status"],
        themes=["family"],
        related=["PAK-0004", "PAK-0006"],
        modified="2025-09-18T10:40:00Z",
    ),
    S(
        "PAK-0004",
        ("Bērna kopšanas pabalsts", "Childcare benefit"),
        (
            "Bērna kopšanas pabalstu var saņemt viens no vecākiem, kas kopj bērnu līdz pusotra gada vecumam un nesaņem vecāku pabalstu. Pabalsta apmērs ir noteikts ar likumu. Pieteikties var tiešsaistē vai VSAA nodaļā.",
            "The childcare benefit is paid to one parent who looks after a child up to 18 months old and is not receiving the parental benefit. Its amount is set by law. You can apply online or at an SSIA office.",
        ),
        ("bērns, pabalsts, kopšana, mazulis", "child, benefit, childcare, baby"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP91/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[
            E_AUTH,
            R(
                ("Bērns reģistrēts Latvijā", "Child registered in Latvia"),
                (
                    "Bērna dzimšanai jābūt reģistrētai Latvijā.",
                    "The child's birth must be registered in Latvia.",
                ),
            ),
        ],
        output=O(
            (
                "Lēmums par pabalsta piešķiršanu un ikmēneša izmaksa",
                "Decision to grant the benefit and monthly payment",
            )
        ),
        time="P10D",
        legal=["social-benefits"],
        themes=["family", "social"],
        related=["PAK-0005", "PAK-0007"],
    ),
    S(
        "PAK-0005",
        ("Vecāku pabalsts", "Parental benefit"),
        (
            "Vecāku pabalsts aizvieto ienākumus vecākam, kurš kopj bērnu līdz gada vai pusotra gada vecumam un ir sociāli apdrošināts. Pabalsta apmērs ir atkarīgs no iepriekšējiem ienākumiem un izvēlētā izmaksas perioda. Katram vecākam ir arī neatdodami divi mēneši pabalsta.",
            "The parental benefit replaces the income of a socially insured parent caring for a child up to the age of 12 or 18 months. The amount depends on previous earnings and the payment period chosen. Each parent also has two non-transferable months.",
        ),
        (
            "vecāku pabalsts, bērns, bērnu kopšanas atvaļinājums, ienākumi",
            "parental benefit, child, parental leave, income",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP93/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[
            E_AUTH,
            R(
                ("Sociālā apdrošināšana", "Social insurance"),
                (
                    "Vecākam jābūt sociāli apdrošinātam un jāatrodas bērna kopšanas atvaļinājumā vai jānepelna.",
                    "The parent must be socially insured and on parental leave or not earning.",
                ),
                ("Darba devēja apliecinājums par atvaļinājumu", "Employer's confirmation of leave"),
            ),
        ],
        output=O(("Ikmēneša vecāku pabalsts", "Monthly parental benefit")),
        time="P10D",
        legal=["maternity", "social-benefits"],
        themes=["family", "social"],
        related=["PAK-0004", "PAK-0009"],
    ),
    S(
        "PAK-0006",
        ("Bērna piedzimšanas pabalsts", "Childbirth benefit"),
        (
            "Vienreizējo bērna piedzimšanas pabalstu izmaksā par katru Latvijā reģistrētu jaundzimušo. Pieteikties var viens no vecākiem sešu mēnešu laikā pēc bērna dzimšanas. Daudzas pašvaldības papildus izmaksā savu pabalstu.",
            "The one-off childbirth benefit is paid for every newborn registered in Latvia. One parent can apply within six months of the birth. Many municipalities pay an additional allowance of their own.",
        ),
        (
            "bērna piedzimšana, pabalsts, jaundzimušais, vienreizējs pabalsts",
            "childbirth, benefit, newborn, one-off payment",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP92/Apraksts"), C()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Vienreizēja izmaksa", "One-off payment")),
        time="P10D",
        legal=["social-benefits"],
        themes=["family", "social"],
        related=["PAK-0003"],
    ),
    S(
        "PAK-0007",
        ("Ģimenes valsts pabalsts", "State family benefit"),
        (
            "Ģimenes valsts pabalstu izmaksā par bērniem no viena gada vecuma līdz pilngadībai vai ilgāk, ja bērns mācās. Pabalsta apmērs pieaug, ja ģimenē aug vairāki bērni. Pabalstu parasti piešķir automātiski, bet dažos gadījumos jāiesniedz iesniegums.",
            "The state family benefit is paid for children from the age of one until adulthood, or longer while the child is in education. The amount grows with the number of children in the family. It is usually granted automatically, but in some cases an application is needed.",
        ),
        ("ģimenes pabalsts, bērni, daudzbērnu ģimene", "family benefit, children, large family"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP95/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[APPLICATION],
        output=O(("Ikmēneša ģimenes valsts pabalsts", "Monthly state family benefit")),
        time="P10D",
        legal=["social-benefits"],
        themes=["family", "social"],
        related=["PAK-0004"],
    ),
    S(
        "PAK-0008",
        ("Maternitātes pabalsts", "Maternity benefit"),
        (
            "Maternitātes pabalstu saņem sociāli apdrošināta sieviete grūtniecības un dzemdību atvaļinājuma laikā. Pabalsta pamatā ir darbnespējas lapa B, ko izsniedz ārsts. Ja nepieciešams, pabalsts tiek izmaksāts arī par papildu dienām.",
            "The maternity benefit is paid to a socially insured woman during pregnancy and maternity leave. It is based on a sick-leave certificate B issued by the doctor. Extra days are paid where medically justified.",
        ),
        (
            "maternitāte, grūtniecība, dzemdības, pabalsts",
            "maternity, pregnancy, childbirth, benefit",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP96/Apraksts"), C()],
        cost=FREE,
        reqs=[
            R(
                ("Darbnespējas lapa B", "Sick-leave certificate B"),
                (
                    "Ārsts izsniedz e-darbnespējas lapu B, kas automātiski nonāk VSAA.",
                    "The doctor issues electronic sick-leave certificate B, which reaches the SSIA automatically.",
                ),
                ("E-darbnespējas lapa B", "Electronic sick-leave certificate B"),
            )
        ],
        output=O(("Maternitātes pabalsta izmaksa", "Payment of maternity benefit")),
        time="P10D",
        legal=["maternity"],
        themes=["family", "health"],
        related=["PAK-0009"],
    ),
    S(
        "PAK-0009",
        ("Paternitātes pabalsts", "Paternity benefit"),
        (
            "Bērna tēvs var saņemt paternitātes pabalstu par desmit dienu atvaļinājumu, kas jāizmanto sešu mēnešu laikā pēc bērna dzimšanas. Pabalstu piešķir, ja tēvs ir sociāli apdrošināts. Pieteikumu var iesniegt tiešsaistē.",
            "The child's father can receive a paternity benefit for ten days of leave taken within six months after the birth. It is granted if the father is socially insured. The application can be made online.",
        ),
        ("tēvs, paternitāte, atvaļinājums, pabalsts", "father, paternity, leave, benefit"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP97/Apraksts"), C()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Paternitātes pabalsta izmaksa", "Payment of paternity benefit")),
        time="P10D",
        legal=["maternity"],
        themes=["family", "social"],
        related=["PAK-0008", "PAK-0005"],
    ),
    S(
        "PAK-0010",
        ("Pases izsniegšana", "Issuing a passport"),
        (
            "Latvijas pilsoņa pase ir ceļošanas un personu apliecinošs dokuments, ko izsniedz uz pieciem vai desmit gadiem. Pasi var pieteikt jebkurā PMLP nodaļā vai vēstniecībā ārvalstīs; fotografēšana un pirkstu nospiedumu noņemšana notiek uz vietas. Ātrākai izsniegšanai var izvēlēties paātrinātu termiņu par papildu maksu.",
            "A Latvian passport is a travel and identity document issued for five or ten years. You can apply at any PMLP office or at an embassy abroad, where your photo and fingerprints are taken. You can pay extra for faster issuing.",
        ),
        (
            "pase, ceļošana, dokuments, ārzemes, bērna pase",
            "passport, travel, document, abroad, child passport",
        ),
        "citizen",
        "PMLP",
        channels=[
            C(),
            E(
                LV + "EP171/Apraksts",
                (
                    "Vizītes pieteikšana PMLP nodaļā tiešsaistē.",
                    "Booking an appointment at a PMLP office online.",
                ),
            ),
            phone(),
        ],
        cost=[
            F(
                30.00,
                (
                    "Pase pieaugušajam, izsniegšana 10 darbdienu laikā.",
                    "Adult passport, issued within 10 working days.",
                ),
            ),
            F(15.00, ("Pase bērnam līdz 5 gadu vecumam.", "Passport for a child under 5.")),
            F(
                75.00,
                (
                    "Paātrināta izsniegšana nākamajā darbdienā.",
                    "Express issuing on the next working day.",
                ),
            ),
        ],
        reqs=[
            ID_DOC,
            R(
                ("Personiska ierašanās", "Appearing in person"),
                (
                    "Pieteicējam jāierodas personiski, lai nofotografētos un nodotu pirkstu nospiedumus.",
                    "The applicant must come in person to be photographed and fingerprinted.",
                ),
            ),
        ],
        output=O(("Latvijas pilsoņa pase", "Latvian citizen's passport")),
        time="P10D",
        legal=["id-docs"],
        themes=["identity"],
        related=["PAK-0011", "PAK-0012"],
        modified="2025-11-03T12:00:00Z",
    ),
    S(
        "PAK-0011",
        ("Personas apliecības (eID kartes) izsniegšana", "Issuing an identity card (eID card)"),
        (
            "Personas apliecība ir obligātais personu apliecinošais dokuments, kas ļauj ceļot Eiropas Savienībā un elektroniski parakstīties. Kartē ir sertifikāti autentifikācijai un drošam elektroniskajam parakstam. To var pieteikt PMLP nodaļā vai, atkārtoti, tiešsaistē.",
            "The identity card is the mandatory identity document; it lets you travel within the EU and sign electronically. The card holds certificates for authentication and qualified e-signature. Apply at a PMLP office or, for a repeat card, online.",
        ),
        (
            "personas apliecība, eID, ID karte, eparaksts, dokuments",
            "identity card, eID, ID card, e-signature, document",
        ),
        "citizen",
        "PMLP",
        channels=[C(), E(LV + "EP172/Apraksts"), phone()],
        cost=[
            F(
                20.00,
                (
                    "Personas apliecība pieaugušajam (10 darbdienas).",
                    "Identity card for an adult (10 working days).",
                ),
            ),
            F(10.00, ("Personas apliecība bērnam.", "Identity card for a child.")),
        ],
        reqs=[ID_DOC],
        output=O(
            (
                "Personas apliecība (eID karte) ar PIN kodiem",
                "Identity card (eID card) with PIN codes",
            )
        ),
        time="P10D",
        legal=["id-docs", "e-identification"],
        themes=["identity"],
        related=["PAK-0010"],
    ),
    S(
        "PAK-0012",
        (
            "Nozaudētas vai nozagtas pases vai personas apliecības pieteikšana",
            "Reporting a lost or stolen passport or identity card",
        ),
        (
            "Ja pase vai personas apliecība ir nozaudēta vai nozagta, par to nekavējoties jāpaziņo, lai dokumentu atzītu par nederīgu un to nevarētu izmantot krāpnieki. Paziņot var tiešsaistē, PMLP nodaļā vai policijā. Pēc tam var pieteikt jaunu dokumentu.",
            "If your passport or identity card is lost or stolen, report it at once so the document is invalidated and cannot be misused. You can report online, at a PMLP office or to the police. You can then apply for a new document.",
        ),
        (
            "nozaudēta pase, zādzība, personas apliecība, nederīgs dokuments",
            "lost passport, theft, identity card, invalid document",
        ),
        "citizen",
        "PMLP",
        channels=[E(LV + "EP173/Apraksts"), C(), C("VP")],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Dokuments atzīts par nederīgu", "Document declared invalid")),
        time="PT1H",
        legal=["id-docs"],
        themes=["identity", "safety"],
        related=["PAK-0010", "PAK-0011"],
    ),
    S(
        "PAK-0013",
        ("Bezdarbnieka statusa piešķiršana", "Registering as unemployed"),
        (
            "Ja esat zaudējis darbu, reģistrējieties Nodarbinātības valsts aģentūrā, lai saņemtu bezdarbnieka statusu. Statuss dod tiesības uz bezdarbnieka pabalstu, bezmaksas apmācībām un karjeras konsultācijām. Pieteikties var tiešsaistē vai jebkurā NVA filiālē.",
            "If you have lost your job, register with the State Employment Agency to obtain unemployed status. The status entitles you to unemployment benefit, free training and career counselling. You can register online or at any SEA branch.",
        ),
        (
            "bezdarbnieks, darba zaudēšana, bezdarbs, NVA, reģistrēties",
            "unemployed, job loss, unemployment, employment agency, register",
        ),
        "citizen",
        "NVA",
        channels=[E("https://cvvp.nva.gov.lv/#/pub/bezdarbnieka-statuss"), C(), phone()],
        cost=FREE,
        reqs=[
            ID_DOC,
            R(
                ("Darba meklēšana", "Seeking work"),
                (
                    "Personai jābūt darbspējīgai, jāmeklē darbs un nedrīkst būt nodarbinātai.",
                    "You must be able to work, be looking for a job and not be employed.",
                ),
            ),
        ],
        output=O(
            (
                "Bezdarbnieka statuss un individuālais darba meklēšanas plāns",
                "Unemployed status and individual job-search plan",
            )
        ),
        time="P8D",
        legal=["jobseekers"],
        themes=["work"],
        related=["PAK-0014", "PAK-0016"],
        modified="2025-08-12T09:30:00Z",
    ),
    S(
        "PAK-0014",
        ("Bezdarbnieka pabalsts", "Unemployment benefit"),
        (
            "Bezdarbnieka pabalstu izmaksā personai, kurai ir piešķirts bezdarbnieka statuss un pietiekams apdrošināšanas stāžs. Pabalsta apmērs ir atkarīgs no iepriekšējām iemaksām un laika gaitā samazinās. Pieteikumu iesniedz kopā ar pieteikumu bezdarbnieka statusam.",
            "Unemployment benefit is paid to a person with unemployed status and a sufficient insurance record. The amount depends on previous contributions and decreases over time. The application is filed together with the application for unemployed status.",
        ),
        (
            "bezdarbnieka pabalsts, bezdarbs, nauda, darba zaudēšana",
            "unemployment benefit, unemployment, money, job loss",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP98/Apraksts"), C("NVA"), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Bezdarbnieka statuss", "Unemployed status"),
                (
                    "Jābūt piešķirtam bezdarbnieka statusam NVA.",
                    "Unemployed status must have been granted by the SEA.",
                ),
            ),
            R(
                ("Apdrošināšanas stāžs", "Insurance record"),
                (
                    "Vismaz 12 mēnešu apdrošināšanas periods pēdējo 16 mēnešu laikā.",
                    "At least 12 months of insurance in the last 16 months.",
                ),
            ),
        ],
        output=O(("Ikmēneša bezdarbnieka pabalsts", "Monthly unemployment benefit")),
        time="P10D",
        legal=["unemployment-ins"],
        themes=["work", "social"],
        related=["PAK-0013"],
        parts=[
            part(
                "NVA",
                (
                    "NVA pieņem pieteikumu pabalstam kopā ar statusa pieteikumu.",
                    "The SEA accepts the benefit application together with the status application.",
                ),
            )
        ],
    ),
    S(
        "PAK-0015",
        ("Darba meklētāja statuss", "Job-seeker status"),
        (
            "Darba meklētāja statusu var iegūt strādājošs vai studējošs cilvēks, kurš vēlas mainīt darbu vai atrast pirmo darbu. Statuss ļauj izmantot NVA vakanču piedāvājumus, karjeras konsultācijas un dažus apmācību pasākumus. Reģistrēties var tiešsaistē.",
            "Job-seeker status is available to a working person or student who wants to change jobs or find their first job. It gives access to SEA vacancies, career counselling and some training. You can register online.",
        ),
        ("darba meklētājs, darbs, vakances, karjera", "job seeker, work, vacancies, career"),
        "citizen",
        "NVA",
        channels=[E("https://cvvp.nva.gov.lv/#/pub/darba-mekletaja-statuss"), C()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Darba meklētāja statuss", "Job-seeker status")),
        time="P3D",
        legal=["jobseekers"],
        themes=["work"],
        related=["PAK-0013"],
    ),
    S(
        "PAK-0016",
        ("Profesionālā apmācība bezdarbniekiem", "Vocational training for the unemployed"),
        (
            "NVA bezdarbniekiem piedāvā bezmaksas profesionālās izglītības programmas un neformālās izglītības kursus, izmantojot apmācību kuponu. Apmācību izvēlas kopā ar karjeras konsultantu atbilstoši darba tirgus pieprasījumam. Apmācību laikā var saņemt stipendiju.",
            "The SEA offers unemployed people free vocational programmes and non-formal courses through a training voucher. The training is chosen with a career counsellor according to labour-market demand. A stipend may be paid during training.",
        ),
        (
            "apmācības, kursi, bezdarbnieks, kupons, pārkvalifikācija",
            "training, courses, unemployed, voucher, retraining",
        ),
        "citizen",
        "NVA",
        channels=[C(), E("https://www.nva.gov.lv/lv/apmacibas-ar-kuponu"), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Bezdarbnieka statuss", "Unemployed status"),
                (
                    "Apmācība pieejama personām ar bezdarbnieka statusu.",
                    "Training is available to people with unemployed status.",
                ),
            )
        ],
        output=O(
            (
                "Apmācību kupons un dokuments par iegūto izglītību",
                "Training voucher and certificate of training",
            )
        ),
        time="P30D",
        legal=["jobseekers"],
        themes=["work", "education"],
        related=["PAK-0013"],
    ),
    S(
        "PAK-0017",
        ("Vecuma pensijas piešķiršana", "Granting the old-age pension"),
        (
            "Vecuma pensiju var pieprasīt, kad sasniegts pensionēšanās vecums un ir vismaz 20 gadu apdrošināšanas stāžs. Pensijas apmērs ir atkarīgs no uzkrātā pensijas kapitāla un stāža. Pieteikties var tiešsaistē vai VSAA nodaļā mēnesi pirms pensijas vecuma sasniegšanas.",
            "You can claim the old-age pension once you reach pension age and have at least 20 years of insurance. The amount depends on your accumulated pension capital and record. You can apply online or at an SSIA office from one month before reaching pension age.",
        ),
        (
            "pensija, vecuma pensija, pensionēšanās, senjori",
            "pension, old-age pension, retirement, seniors",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP101/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[
            E_AUTH,
            R(
                ("Apdrošināšanas stāžs", "Insurance record"),
                ("Vismaz 20 gadu apdrošināšanas stāžs.", "At least 20 years of insurance."),
                (
                    "Darba grāmatiņa vai arhīva izziņas par stāžu",
                    "Employment record book or archive certificates of employment",
                ),
            ),
        ],
        output=O(
            ("Lēmums par pensiju un ikmēneša izmaksa", "Pension decision and monthly payment")
        ),
        time="P10D",
        legal=["pensions"],
        themes=["social"],
        related=["PAK-0018"],
        modified="2025-07-01T07:45:00Z",
    ),
    S(
        "PAK-0018",
        ("Priekšlaicīgā vecuma pensija", "Early old-age pension"),
        (
            "Ar vismaz 30 gadu apdrošināšanas stāžu pensiju var pieprasīt līdz diviem gadiem pirms pensionēšanās vecuma. Līdz parastā pensijas vecuma sasniegšanai izmaksā 50 % no aprēķinātās pensijas. Pieteikties var tiešsaistē vai VSAA nodaļā.",
            "With at least 30 years of insurance you can claim the pension up to two years before pension age. Until you reach normal pension age, 50 % of the calculated pension is paid. You can apply online or at an SSIA office.",
        ),
        ("priekšlaicīga pensija, pensija, stāžs", "early pension, pension, insurance record"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP102/Apraksts"), C()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Lēmums par priekšlaicīgu pensiju", "Decision on early pension")),
        time="P10D",
        legal=["pensions"],
        themes=["social"],
        related=["PAK-0017"],
    ),
    S(
        "PAK-0019",
        ("Apgādnieka zaudējuma pensija", "Survivor's pension"),
        (
            "Ja miris vecāks vai cits apgādnieks, viņa nepilngadīgie bērni un citi apgādājamie var saņemt apgādnieka zaudējuma pensiju. Pensiju izmaksā līdz bērna pilngadībai vai ilgāk, ja bērns mācās. Pieteikumu iesniedz VSAA.",
            "When a parent or other breadwinner dies, their minor children and other dependants can receive a survivor's pension. It is paid until the child comes of age, or longer while they study. Apply to the SSIA.",
        ),
        ("apgādnieka zaudējums, pensija, bērni, nāve", "survivor, pension, children, death"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP103/Apraksts"), C()],
        cost=FREE,
        reqs=[APPLICATION],
        output=O(("Apgādnieka zaudējuma pensija", "Survivor's pension")),
        time="P10D",
        legal=["pensions"],
        themes=["social", "family"],
        related=["PAK-0020", "PAK-0021"],
    ),
    S(
        "PAK-0020",
        ("Apbedīšanas pabalsts", "Funeral benefit"),
        (
            "Apbedīšanas pabalstu izmaksā personai, kas sedza apbedīšanas izdevumus, ja mirušais bija pensionārs, apdrošināta persona vai tās apgādājamais. Pieteikties var 12 mēnešu laikā pēc nāves. Papildu atbalstu var sniegt arī pašvaldība.",
            "The funeral benefit is paid to the person who covered the funeral costs if the deceased was a pensioner, an insured person or their dependant. Apply within 12 months of the death. The municipality may give extra support.",
        ),
        (
            "apbedīšana, bēres, pabalsts, nāve, tuvinieks",
            "funeral, burial, benefit, death, relative",
        ),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP104/Apraksts"), C()],
        cost=FREE,
        reqs=[
            R(
                ("Miršanas apliecība", "Death certificate"),
                ("Nāves faktam jābūt reģistrētam.", "The death must be registered."),
                ("Miršanas apliecība", "Death certificate"),
            )
        ],
        output=O(("Vienreizēja pabalsta izmaksa", "One-off payment")),
        time="P10D",
        legal=["social-benefits"],
        themes=["social", "family"],
        related=["PAK-0021"],
    ),
    S(
        "PAK-0021",
        ("Miršanas reģistrācija", "Registering a death"),
        (
            "Nāves fakts jāreģistrē dzimtsarakstu nodaļā sešu darbdienu laikā. To var izdarīt tuvinieks vai apbedīšanas birojs, uzrādot ārsta izziņu par nāvi. Pēc reģistrācijas izsniedz miršanas apliecību, kas vajadzīga mantojuma un pabalstu kārtošanai.",
            "A death must be registered with a registry office within six working days. A relative or a funeral agency can do it, showing the doctor's death certificate. After registration a death certificate is issued, which is needed for inheritance and benefits.",
        ),
        (
            "miršana, nāve, miršanas apliecība, tuvinieks, bēres",
            "death, death certificate, relative, funeral",
        ),
        "citizen",
        "RDZN",
        channels=[C(), E(LV + "EP131/Apraksts"), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Ārsta izziņa par nāvi", "Medical certificate of death"),
                (
                    "Ārstniecības iestāde izsniedz medicīnisko apliecību par nāves cēloni.",
                    "The medical institution issues a certificate of the cause of death.",
                ),
                ("Medicīniskā apliecība par nāves cēloni", "Medical certificate of cause of death"),
            ),
            ID_DOC,
        ],
        output=O(("Miršanas apliecība", "Death certificate")),
        time="P1D",
        legal=["civil-status"],
        themes=["family"],
        related=["PAK-0020", "PAK-0019"],
    ),
    S(
        "PAK-0022",
        ("Laulības reģistrācija", "Registering a marriage"),
        (
            "Laulību var reģistrēt dzimtsarakstu nodaļā vai baznīcā. Iesniegums jāiesniedz ne agrāk kā sešus mēnešus un ne vēlāk kā mēnesi pirms laulības. Pēc laulības noslēgšanas izsniedz laulības apliecību, un laulātie var izvēlēties kopīgu uzvārdu.",
            "A marriage can be registered at a registry office or in church. The application is filed no earlier than six months and no later than one month before the wedding. After the ceremony a marriage certificate is issued and the spouses may choose a common surname.",
        ),
        (
            "laulība, kāzas, precēties, laulības apliecība, uzvārds",
            "marriage, wedding, get married, marriage certificate, surname",
        ),
        "citizen",
        "RDZN",
        channels=[E(LV + "EP132/Apraksts"), C(), phone()],
        cost=[
            F(
                0,
                (
                    "Reģistrācija darba laikā ir bez maksas.",
                    "Registration during working hours is free.",
                ),
            ),
            F(
                50.00,
                (
                    "Svinīga ceremonija Laulību namā brīvdienā.",
                    "Formal ceremony at the Wedding Palace at the weekend.",
                ),
            ),
        ],
        reqs=[
            ID_DOC,
            R(
                ("Laulības šķēršļu neesamība", "No impediment to marriage"),
                (
                    "Abām personām jābūt pilngadīgām un nedrīkst būt noslēgtas citas laulības.",
                    "Both must be of age and not already married.",
                ),
            ),
        ],
        output=O(("Laulības apliecība", "Marriage certificate")),
        time="P30D",
        legal=["civil-status", "civil-law"],
        themes=["family"],
        related=["PAK-0023"],
    ),
    S(
        "PAK-0023",
        ("Vārda vai uzvārda maiņa", "Changing your name or surname"),
        (
            "Vārdu vai uzvārdu var mainīt, ja tam ir pamatots iemesls, piemēram, pēc laulības šķiršanas vai lai atjaunotu dzimtas uzvārdu. Iesniegumu izskata dzimtsarakstu nodaļa, un pēc lēmuma jāsaņem jauni personu apliecinoši dokumenti. Par pakalpojumu jāmaksā valsts nodeva.",
            "You can change your first name or surname for a good reason, for example after divorce or to restore a family name. The registry office reviews the application and after the decision you need new identity documents. A state fee applies.",
        ),
        ("uzvārda maiņa, vārds, uzvārds, šķiršanās", "surname change, name, surname, divorce"),
        "citizen",
        "RDZN",
        channels=[C(), post()],
        cost=F(
            71.14,
            (
                "Valsts nodeva par vārda vai uzvārda maiņu.",
                "State fee for a change of name or surname.",
            ),
        ),
        reqs=[ID_DOC, APPLICATION],
        output=O(("Lēmums un jauna dzimšanas apliecība", "Decision and new birth certificate")),
        time="P30D",
        legal=["civil-status"],
        themes=["family", "identity"],
        related=["PAK-0010", "PAK-0011"],
    ),
    S(
        "PAK-0024",
        ("Transportlīdzekļa reģistrācija", "Registering a vehicle"),
        (
            "Latvijā lietotu transportlīdzekli jāreģistrē CSDD, pirms tas piedalās ceļu satiksmē. Reģistrējot ārvalstīs iegādātu auto, jāveic tehniskā apskate un identifikācija. Pēc reģistrācijas izsniedz numura zīmes un reģistrācijas apliecību.",
            "A vehicle used in Latvia must be registered with the RTSD before it goes on the road. A car bought abroad must pass a roadworthiness test and identification. After registration you receive number plates and a registration certificate.",
        ),
        (
            "auto, mašīna, reģistrācija, numura zīme, transportlīdzeklis",
            "car, vehicle, registration, number plate",
        ),
        "citizen",
        "CSDD",
        channels=[C(), E("https://e.csdd.lv/"), phone()],
        cost=[
            F(
                24.18,
                ("Reģistrācijas maksa vieglajam auto.", "Registration fee for a passenger car."),
            ),
            F(13.20, ("Numura zīmju komplekts.", "Set of number plates.")),
        ],
        reqs=[
            ID_DOC,
            R(
                ("Īpašuma tiesību dokuments", "Proof of ownership"),
                (
                    "Pirkuma līgums vai rēķins, kā arī ārvalsts reģistrācijas dokumenti.",
                    "Purchase contract or invoice and foreign registration documents.",
                ),
                ("Pirkuma līgums", "Purchase contract"),
            ),
        ],
        output=O(
            (
                "Reģistrācijas apliecība un numura zīmes",
                "Registration certificate and number plates",
            )
        ),
        time="P1D",
        legal=["road-traffic"],
        themes=["transport"],
        related=["PAK-0025", "PAK-0028"],
        modified="2025-06-20T11:10:00Z",
    ),
    S(
        "PAK-0025",
        ("Transportlīdzekļa īpašnieka maiņa", "Changing a vehicle's owner"),
        (
            "Pērkot vai pārdodot Latvijā reģistrētu auto, īpašnieka maiņu var noformēt tiešsaistē e.csdd.lv vai CSDD nodaļā. Pārdevējs reģistrē darījumu, bet pircējs to apstiprina. Ja transportlīdzeklim ir neapmaksāti nodokļi, darījumu reģistrēt nevar.",
            "When you buy or sell a car registered in Latvia, the change of owner can be done online at e.csdd.lv or at an RTSD office. The seller registers the deal and the buyer confirms it. The change cannot be registered while vehicle taxes are unpaid.",
        ),
        (
            "auto pirkšana, pārdošana, īpašnieka maiņa, mašīna",
            "buying a car, selling, change of owner",
        ),
        "citizen",
        "CSDD",
        channels=[E("https://e.csdd.lv/"), C()],
        cost=F(
            10.00,
            (
                "Maksa par īpašnieka maiņas reģistrāciju.",
                "Fee for registering the change of owner.",
            ),
        ),
        reqs=[E_AUTH],
        output=O(("Jauna reģistrācijas apliecība", "New registration certificate")),
        time="PT1H",
        legal=["road-traffic"],
        themes=["transport"],
        related=["PAK-0024"],
    ),
    S(
        "PAK-0026",
        ("Vadītāja apliecības iegūšana", "Getting a driving licence"),
        (
            "Lai iegūtu vadītāja apliecību, jāapgūst apmācība autoskolā, jānokārto teorijas un braukšanas eksāmens CSDD. Pirms tam jāsaņem medicīniskā izziņa par veselības stāvokli. Pēc eksāmena apliecību izsniedz CSDD nodaļā.",
            "To get a driving licence you complete driving school training and pass the theory and driving tests at the RTSD. You first need a medical certificate of fitness to drive. After the test the licence is issued at an RTSD office.",
        ),
        (
            "tiesības, vadītāja apliecība, autoskola, eksāmens, braukt",
            "driving licence, driving school, test, drive",
        ),
        "citizen",
        "CSDD",
        channels=[C(), E("https://e.csdd.lv/examp/"), phone()],
        cost=[
            F(16.65, ("Teorijas eksāmens.", "Theory test.")),
            F(28.55, ("Braukšanas eksāmens B kategorijā.", "Category B driving test.")),
            F(21.34, ("Vadītāja apliecības izgatavošana.", "Making the licence card.")),
        ],
        reqs=[
            R(
                ("Medicīniskā izziņa", "Medical certificate"),
                (
                    "Ārsta izziņa par veselības stāvokļa atbilstību transportlīdzekļa vadīšanai.",
                    "Doctor's certificate of fitness to drive.",
                ),
                ("Medicīniskā izziņa (e-veselībā)", "Medical certificate (in e-health)"),
            ),
            R(
                ("Apmācība autoskolā", "Driving school training"),
                (
                    "Jāapgūst akreditētas autoskolas programma.",
                    "An accredited driving school course must be completed.",
                ),
            ),
        ],
        output=O(("Vadītāja apliecība", "Driving licence")),
        time="P5D",
        legal=["road-traffic"],
        themes=["transport"],
        related=["PAK-0027"],
    ),
    S(
        "PAK-0027",
        ("Vadītāja apliecības apmaiņa", "Renewing a driving licence"),
        (
            "Vadītāja apliecība jāapmaina, kad beidzas tās derīguma termiņš, mainās vārds vai uzvārds vai apliecība ir bojāta. Apmaiņu var pieteikt tiešsaistē, ja medicīniskā izziņa ir derīga un ir pieejama fotogrāfija. Jauno apliecību var saņemt pa pastu vai CSDD nodaļā.",
            "A driving licence must be renewed when it expires, when your name changes or when it is damaged. You can apply online if your medical certificate is valid and a photo is on file. The new licence can be sent by post or collected at an RTSD office.",
        ),
        (
            "tiesību maiņa, vadītāja apliecība, derīguma termiņš",
            "licence renewal, driving licence, expiry",
        ),
        "citizen",
        "CSDD",
        channels=[E("https://e.csdd.lv/"), C()],
        cost=F(21.34, ("Apliecības izgatavošana.", "Making the licence card.")),
        reqs=[E_AUTH],
        output=O(("Jauna vadītāja apliecība", "New driving licence")),
        time="P5D",
        legal=["road-traffic"],
        themes=["transport"],
        related=["PAK-0026"],
    ),
    S(
        "PAK-0028",
        ("Transportlīdzekļa valsts tehniskā apskate", "Vehicle roadworthiness test"),
        (
            "Tehniskajā apskatē pārbauda, vai transportlīdzeklis ir drošs un atbilst vides prasībām. Vieglajiem auto apskate jāveic reizi gadā vai divos gados atkarībā no vecuma. Laiku var rezervēt tiešsaistē.",
            "The roadworthiness test checks that a vehicle is safe and meets environmental standards. Passenger cars are tested every year or every two years depending on age. You can book a time online.",
        ),
        ("tehniskā apskate, auto, apskate, rezervēt", "roadworthiness test, MOT, car, book"),
        "citizen",
        "CSDD",
        channels=[E("https://e.csdd.lv/tam/"), C()],
        cost=F(39.60, ("Vieglā auto tehniskā apskate.", "Passenger car test.")),
        reqs=[],
        output=O(("Tehniskās apskates uzlīme", "Roadworthiness sticker")),
        time="PT1H",
        legal=["road-traffic"],
        themes=["transport"],
        related=["PAK-0024"],
    ),
    S(
        "PAK-0029",
        ("Transportlīdzekļa ekspluatācijas nodokļa samaksa", "Paying vehicle operation tax"),
        (
            "Transportlīdzekļa ekspluatācijas nodoklis jāmaksā katru gadu pirms tehniskās apskates. Nodokļa apmērs ir atkarīgs no CO2 izmešiem, motora tilpuma un jaudas. Samaksāt var internetbankā vai e.csdd.lv.",
            "Vehicle operation tax is paid every year before the roadworthiness test. The amount depends on CO2 emissions, engine size and power. You can pay in your internet bank or at e.csdd.lv.",
        ),
        ("auto nodoklis, ekspluatācijas nodoklis, maksāt", "car tax, vehicle tax, pay"),
        "citizen",
        "CSDD",
        channels=[E("https://e.csdd.lv/"), phone()],
        cost=None,
        reqs=[],
        output=O(("Samaksāts nodoklis", "Tax paid")),
        time="PT1H",
        legal=["road-traffic", "taxes-fees"],
        themes=["transport", "taxes"],
        related=["PAK-0028"],
    ),
    S(
        "PAK-0030",
        ("Pieteikšanās pašvaldības bērnudārzā", "Applying for a municipal kindergarten place"),
        (
            "Vecāki var pieteikt bērnu pašvaldības pirmsskolas izglītības iestādē jau no dzimšanas. Pieteikumā norāda vēlamās iestādes un datumu, kad vieta nepieciešama. Rindas kārtību nosaka pašvaldība, un priekšroka ir bērniem, kuru dzīvesvieta deklarēta pašvaldībā.",
            "Parents can put a child on the list for a municipal pre-school from birth. The application names the preferred kindergartens and the date from which a place is needed. The municipality sets the queue order, with priority for children whose residence is declared there.",
        ),
        (
            "bērnudārzs, rinda, pirmsskola, PII, bērns",
            "kindergarten, queue, pre-school, nursery, child",
        ),
        "citizen",
        "RIGA",
        channels=[E("https://eriga.lv/pakalpojumi/pieteikums-pii"), C(), phone()],
        cost=FREE,
        reqs=[
            E_AUTH,
            R(
                ("Deklarēta dzīvesvieta", "Declared residence"),
                (
                    "Priekšroka ir bērniem, kuru vai kuru vecāku dzīvesvieta deklarēta pašvaldībā.",
                    "Priority goes to children whose or whose parents' residence is declared in the municipality.",
                ),
            ),
        ],
        output=O(
            (
                "Vieta rindā un uzaicinājums uz bērnudārzu",
                "Place in the queue and kindergarten offer",
            )
        ),
        time="P5D",
        legal=["education", "general-education"],
        themes=["education", "family"],
        related=["PAK-0001", "PAK-0031"],
    ),
    S(
        "PAK-0031",
        ("Skolēna uzņemšana 1. klasē", "Enrolling a pupil in year 1"),
        (
            "Bērnu pirmajā klasē uzņem tajā gadā, kad viņam aprit septiņi gadi. Vecāki iesniedz pieteikumu izvēlētajā skolā vai pašvaldības e-pakalpojumā, pievienojot bērna veselības izziņu. Skolas var noteikt pieteikšanās termiņus un prioritātes.",
            "Children start year 1 in the year they turn seven. Parents apply to the chosen school or through the municipal e-service, attaching the child's health record. Schools may set application deadlines and priorities.",
        ),
        (
            "skola, 1. klase, pirmklasnieks, uzņemšana, skolēns",
            "school, first grade, enrolment, pupil",
        ),
        "citizen",
        "RIGA",
        channels=[E("https://eriga.lv/pakalpojumi/pieteikums-skola"), C()],
        cost=FREE,
        reqs=[
            R(
                ("Veselības karte", "Health record"),
                (
                    "Ģimenes ārsta izziņa par bērna veselības stāvokli.",
                    "Family doctor's record of the child's health.",
                ),
                ("Izziņa no ģimenes ārsta", "Family doctor's certificate"),
            )
        ],
        output=O(("Bērns uzņemts skolā", "Child enrolled at school")),
        time="P30D",
        legal=["general-education"],
        themes=["education", "family"],
        related=["PAK-0030"],
    ),
    S(
        "PAK-0032",
        ("Skolēna e-kartes izsniegšana", "Issuing a pupil's e-card"),
        (
            "Skolēna e-karte apliecina statusu, ļauj bez maksas braukt Rīgas sabiedriskajā transportā un norēķināties skolas ēdnīcā. Karti pasūta skola vai vecāki tiešsaistē. Nozaudētas kartes vietā var pasūtīt dublikātu.",
            "The pupil's e-card proves student status, allows free travel on Riga public transport and paying in the school canteen. The school or parents order it online. A duplicate can be ordered for a lost card.",
        ),
        (
            "skolēna karte, e-karte, transports, bērns",
            "pupil card, e-card, public transport, child",
        ),
        "citizen",
        "RIGA",
        channels=[E("https://www.rigassatiksme.lv/lv/e-talons/"), C()],
        cost=F(
            0,
            (
                "Pirmā karte bez maksas; dublikāts saskaņā ar cenrādi.",
                "First card free; duplicates per the price list.",
            ),
        ),
        reqs=[],
        output=O(("Skolēna e-karte", "Pupil e-card")),
        time="P10D",
        legal=["general-education"],
        themes=["education", "transport"],
        related=["PAK-0031"],
    ),
    S(
        "PAK-0033",
        ("Invaliditātes noteikšana", "Disability assessment"),
        (
            "Veselības un darbspēju ekspertīzes ārstu valsts komisija izvērtē, vai personai ir invaliditāte un kāda ir tās smaguma pakāpe. Uz ekspertīzi nosūta ģimenes ārsts, sagatavojot nosūtījumu e-veselībā. Lēmums dod tiesības uz pabalstiem, pensiju un atvieglojumiem.",
            "The State Medical Commission assesses whether a person has a disability and how severe it is. The family doctor refers the person by preparing a referral in e-health. The decision gives access to benefits, a pension and concessions.",
        ),
        (
            "invaliditāte, ekspertīze, VDEĀVK, veselība, darbspējas",
            "disability, assessment, health, working ability",
        ),
        "citizen",
        "VDEAVK",
        channels=[C(), E(LV + "EP150/Apraksts"), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Ārsta nosūtījums", "Doctor's referral"),
                (
                    "Ģimenes ārsts vai speciālists sagatavo nosūtījumu un medicīniskos dokumentus.",
                    "The family doctor or specialist prepares a referral and medical records.",
                ),
                ("Nosūtījums uz ekspertīzi", "Referral for assessment"),
            )
        ],
        output=O(("Invaliditātes apliecība un lēmums", "Disability certificate and decision")),
        time="P30D",
        legal=["disability"],
        themes=["health", "social"],
        related=["PAK-0034"],
        modified="2025-05-14T13:20:00Z",
    ),
    S(
        "PAK-0034",
        ("Invaliditātes pensija", "Disability pension"),
        (
            "Invaliditātes pensiju piešķir sociāli apdrošinātai personai, kurai noteikta I, II vai III grupas invaliditāte. Pensijas apmērs ir atkarīgs no grupas un iepriekšējām iemaksām. Pensiju piešķir pēc VDEĀVK lēmuma, iesniedzot iesniegumu VSAA.",
            "The disability pension is granted to a socially insured person with group I, II or III disability. The amount depends on the group and previous contributions. It is granted after the Commission's decision, on application to the SSIA.",
        ),
        ("invaliditātes pensija, invaliditāte, pensija", "disability pension, disability, pension"),
        "citizen",
        "VSAA",
        channels=[E(LV + "EP105/Apraksts"), C()],
        cost=FREE,
        reqs=[
            R(
                ("Invaliditātes lēmums", "Disability decision"),
                (
                    "VDEĀVK lēmums par invaliditātes noteikšanu.",
                    "The Commission's decision on disability.",
                ),
            )
        ],
        output=O(("Ikmēneša invaliditātes pensija", "Monthly disability pension")),
        time="P10D",
        legal=["pensions", "disability"],
        themes=["social", "health"],
        related=["PAK-0033"],
    ),
    S(
        "PAK-0035",
        ("Eiropas veselības apdrošināšanas karte", "European Health Insurance Card (EHIC)"),
        (
            "Eiropas veselības apdrošināšanas karte ļauj saņemt neatliekamo medicīnisko palīdzību citās ES valstīs, Norvēģijā, Islandē, Lihtenšteinā un Šveicē tādos pašos apstākļos kā vietējiem. Karti var pasūtīt tiešsaistē, un to nosūta pa pastu. Karte ir bez maksas.",
            "The European Health Insurance Card gives access to necessary medical care in other EU countries, Norway, Iceland, Liechtenstein and Switzerland on the same terms as locals. You can order it online and it is sent by post. The card is free.",
        ),
        (
            "EVAK, veselības karte, ceļošana, ārsts ārzemēs, apdrošināšana",
            "EHIC, health card, travel, doctor abroad, insurance",
        ),
        "citizen",
        "NVD",
        channels=[E(LV + "EP03/Apraksts"), C(), phone()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(
            ("Eiropas veselības apdrošināšanas karte (EVAK)", "European Health Insurance Card")
        ),
        time="P10D",
        legal=["health-finance"],
        themes=["health"],
        related=["PAK-0036"],
    ),
    S(
        "PAK-0036",
        ("Reģistrācija pie ģimenes ārsta", "Registering with a family doctor"),
        (
            "Katrs iedzīvotājs var izvēlēties ģimenes ārstu, kurš sniedz pamata veselības aprūpi un nosūta pie speciālistiem. Reģistrējas, noslēdzot vienošanos ar ārsta praksi, un ārsts ievada ziņas NVD sistēmā. Ārstu var mainīt jebkurā laikā.",
            "Everyone can choose a family doctor, who provides primary care and refers to specialists. You register by signing an agreement with the practice, which enters it in the NHS system. You can change doctor at any time.",
        ),
        (
            "ģimenes ārsts, ārsts, reģistrēties, veselība, poliklīnika",
            "family doctor, GP, doctor, register, health",
        ),
        "citizen",
        "NVD",
        channels=[C(), E("https://www.vmnvd.gov.lv/lv/gimenes-arsti"), phone()],
        cost=FREE,
        reqs=[ID_DOC],
        output=O(("Reģistrācija ģimenes ārsta praksē", "Registration with a practice")),
        time="P1D",
        legal=["medical", "health-finance"],
        themes=["health"],
        related=["PAK-0035", "PAK-0037"],
    ),
    S(
        "PAK-0037",
        ("E-veselības portāla lietošana", "Using the e-health portal"),
        (
            "E-veselības portālā var apskatīt savas e-receptes, darbnespējas lapas, nosūtījumus un vakcinācijas datus. Vecāki var redzēt arī savu bērnu datus. Pieslēgšanās notiek ar eParakstu vai internetbanku.",
            "In the e-health portal you can see your e-prescriptions, sick-leave certificates, referrals and vaccination records. Parents can also see their children's data. You sign in with eParaksts or an internet bank.",
        ),
        (
            "e-veselība, recepte, darbnespējas lapa, nosūtījums",
            "e-health, prescription, sick leave, referral",
        ),
        "citizen",
        "NVD",
        channels=[E("https://www.eveseliba.gov.lv"), phone()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Piekļuve saviem veselības datiem", "Access to your health data")),
        time="PT1H",
        legal=["medical"],
        themes=["health"],
        related=["PAK-0036"],
    ),
    S(
        "PAK-0038",
        ("Ārvalstīs saņemtas ārstēšanas izdevumu atmaksa", "Reimbursement of medical costs abroad"),
        (
            "Ja esat samaksājis par plānotu vai neatliekamu ārstēšanu citā ES valstī, NVD var atmaksāt izdevumus tādā apmērā, kādā tos sedz valsts Latvijā. Pieprasījumam pievieno rēķinus un medicīniskos dokumentus. Plānotai ārstēšanai dažos gadījumos vajadzīga iepriekšēja atļauja.",
            "If you paid for planned or urgent treatment in another EU country, the NHS can reimburse the costs up to what the state would cover in Latvia. Attach invoices and medical records to the claim. Planned treatment sometimes needs prior authorisation.",
        ),
        (
            "ārstēšana ārzemēs, atmaksa, pārrobežu veselības aprūpe",
            "treatment abroad, reimbursement, cross-border healthcare",
        ),
        "citizen",
        "NVD",
        channels=[C(), post()],
        cost=FREE,
        reqs=[
            R(
                ("Rēķini un medicīniskie dokumenti", "Invoices and medical records"),
                (
                    "Jāpievieno maksājumu apliecinoši dokumenti un ārsta izziņa.",
                    "Proof of payment and a doctor's statement are required.",
                ),
                ("Rēķini un izraksts", "Invoices and discharge summary"),
            )
        ],
        output=O(("Lēmums par atmaksu", "Reimbursement decision")),
        time="P30D",
        legal=["health-finance"],
        themes=["health"],
        related=["PAK-0035"],
    ),
    S(
        "PAK-0039",
        ("Nekustamā īpašuma nodokļa samaksa", "Paying immovable property tax"),
        (
            "Nekustamā īpašuma nodokli par zemi, ēkām un dzīvokļiem administrē pašvaldība. Maksāšanas paziņojumu var saņemt e-pastā vai portālā Latvija.gov.lv, un nodokli var maksāt četros maksājumos gadā. Par kavētiem maksājumiem aprēķina nokavējuma naudu.",
            "Immovable property tax on land, buildings and flats is administered by the municipality. You can receive the tax notice by e-mail or on Latvija.gov.lv and pay in four instalments a year. Late payments incur interest.",
        ),
        ("īpašuma nodoklis, NĪN, dzīvoklis, zeme, maksāt", "property tax, flat, land, pay"),
        "citizen",
        "RIGA",
        channels=[E(LV + "EP11/Apraksts"), C(), phone()],
        cost=None,
        reqs=[],
        output=O(("Maksāšanas paziņojums", "Tax notice")),
        time="P1D",
        legal=["property-tax"],
        themes=["taxes", "property"],
        related=["PAK-0040"],
    ),
    S(
        "PAK-0040",
        ("Nekustamā īpašuma nodokļa atvieglojumi", "Immovable property tax relief"),
        (
            "Pašvaldība piešķir nodokļa atvieglojumus daudzbērnu ģimenēm, personām ar invaliditāti, trūcīgām mājsaimniecībām un citām grupām. Atvieglojums jāpiesaka līdz noteiktam datumam, pievienojot apliecinošus dokumentus. Atvieglojums samazina nodokli līdz 90 %.",
            "The municipality grants tax relief to large families, people with disabilities, needy households and other groups. The relief must be claimed by a deadline with supporting documents. It can cut the tax by up to 90 %.",
        ),
        (
            "nodokļa atlaide, atvieglojums, daudzbērnu ģimene, NĪN",
            "tax relief, discount, large family, property tax",
        ),
        "citizen",
        "RIGA",
        channels=[E("https://eriga.lv/pakalpojumi/nin-atvieglojumi"), C()],
        cost=FREE,
        reqs=[APPLICATION],
        output=O(("Lēmums par atvieglojumu", "Decision on relief")),
        time="P30D",
        legal=["property-tax"],
        themes=["taxes", "property"],
        related=["PAK-0039"],
    ),
    S(
        "PAK-0041",
        ("Gada ienākumu deklarācija", "Annual income tax return"),
        (
            "Gada ienākumu deklarāciju iesniedz VID Elektroniskās deklarēšanas sistēmā no 1. marta līdz 1. jūnijam. Tā jāiesniedz, ja gūti ienākumi bez nodokļa ieturēšanas, bet to var iesniegt arī brīvprātīgi, lai atgūtu pārmaksāto nodokli par attaisnotajiem izdevumiem, piemēram, ārstniecību un izglītību. Pārmaksātā nodokļa atmaksa parasti notiek 30 dienu laikā.",
            "The annual income tax return is filed in the SRS Electronic Declaration System between 1 March and 1 June. It is mandatory if you had income without tax withheld, and voluntary to claim back tax on eligible expenses such as medical and education costs. Refunds are usually paid within 30 days.",
        ),
        (
            "gada deklarācija, IIN, nodokļu atmaksa, EDS, attaisnotie izdevumi",
            "tax return, income tax, tax refund, EDS, eligible expenses",
        ),
        ("citizen",),
        "VID",
        channels=[E("https://eds.vid.gov.lv"), C(), phone()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(
            (
                "Deklarācija un nodokļa atmaksa vai piemaksa",
                "Return filed and tax refund or payment",
            )
        ),
        time="P30D",
        legal=["income-tax"],
        themes=["taxes"],
        related=["PAK-0042"],
        modified="2025-03-01T06:00:00Z",
    ),
    S(
        "PAK-0042",
        ("Algas nodokļa grāmatiņa", "Payroll tax book"),
        (
            "Elektroniskā algas nodokļa grāmatiņa nosaka, kurš darba devējs piemēro neapliekamo minimumu un atvieglojumus par apgādājamiem. Apgādājamos var pieteikt tiešsaistē EDS. Bez algas nodokļa grāmatiņas darba devējs ietur lielāku nodokli.",
            "The electronic payroll tax book tells which employer applies your tax-free allowance and relief for dependants. Dependants can be registered online in EDS. Without it the employer withholds more tax.",
        ),
        (
            "algas grāmatiņa, apgādājamie, neapliekamais minimums, alga",
            "payroll tax book, dependants, tax-free allowance, salary",
        ),
        "citizen",
        "VID",
        channels=[E("https://eds.vid.gov.lv"), phone()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Atjaunināta algas nodokļa grāmatiņa", "Updated payroll tax book")),
        time="P1D",
        legal=["income-tax"],
        themes=["taxes", "work"],
        related=["PAK-0041"],
    ),
    S(
        "PAK-0043",
        ("Izziņa par nodokļu nomaksu", "Tax payment certificate"),
        (
            "Izziņa par nodokļu nomaksas statusu apliecina, vai personai ir nodokļu parādi. To var sagatavot pašapkalpošanās režīmā EDS un iesniegt bankai vai darba devējam. Izziņa ir bez maksas.",
            "The tax status certificate shows whether a person has tax debts. You can generate it yourself in EDS and give it to a bank or employer. It is free.",
        ),
        ("nodokļu parāds, izziņa, nodokļu nomaksa", "tax debt, certificate, tax compliance"),
        ("citizen", "business"),
        "VID",
        channels=[E("https://eds.vid.gov.lv"), C()],
        cost=FREE,
        reqs=[E_AUTH],
        output=O(("Izziņa par nodokļu nomaksas statusu", "Tax compliance certificate")),
        time="PT1H",
        legal=["taxes-fees"],
        themes=["taxes"],
        related=["PAK-0041"],
    ),
    S(
        "PAK-0044",
        (
            "Īpašuma tiesību nostiprināšana zemesgrāmatā",
            "Registering ownership in the Land Register",
        ),
        (
            "Pērkot, mantojot vai dāvinājumā saņemot nekustamo īpašumu, īpašuma tiesības jānostiprina zemesgrāmatā. Nostiprinājuma lūgums jāapliecina notāram vai jāparaksta ar drošu elektronisko parakstu. Tikai pēc ierakstīšanas zemesgrāmatā jūs kļūstat par īpašnieku attiecībā pret trešajām personām.",
            "When you buy, inherit or are given real estate, ownership must be registered in the Land Register. The application is certified by a notary or signed with a qualified e-signature. Only after registration are you the owner in relation to third parties.",
        ),
        (
            "zemesgrāmata, īpašums, dzīvoklis, māja, nostiprināt",
            "land register, property, flat, house, registration",
        ),
        "citizen",
        "TA",
        channels=[E("https://www.zemesgramata.lv"), C(), post()],
        cost=[
            F(
                2.0,
                (
                    "Valsts nodeva 2 % no darījuma vērtības (ģimenēm ar bērniem atvieglojumi).",
                    "State duty of 2 % of the transaction value (reduced for families with children).",
                ),
            ),
            F(14.23, ("Kancelejas nodeva par ierakstu.", "Chancery fee per entry.")),
        ],
        reqs=[
            R(
                ("Tiesiskais pamats", "Legal basis"),
                (
                    "Pirkuma, dāvinājuma līgums vai mantojuma apliecība.",
                    "Purchase or gift contract or certificate of inheritance.",
                ),
                ("Darījuma dokuments", "Transaction document"),
            ),
            R(
                ("Apliecināts nostiprinājuma lūgums", "Certified application"),
                (
                    "Lūgumu apliecina notārs vai paraksta ar drošu e-parakstu.",
                    "The application is certified by a notary or signed electronically.",
                ),
            ),
        ],
        output=O(("Ieraksts zemesgrāmatā", "Land Register entry")),
        time="P10D",
        legal=["land-book", "civil-law"],
        themes=["property"],
        related=["PAK-0045", "PAK-0039"],
        modified="2025-04-09T09:05:00Z",
    ),
    S(
        "PAK-0045",
        ("Zemesgrāmatu datu apskate", "Viewing Land Register data"),
        (
            "Zemesgrāmatu portālā var apskatīt, kam pieder nekustamais īpašums, vai tas ir ieķīlāts un vai ir aizlieguma atzīmes. Īpašnieks savus datus var skatīt bez maksas. Citas personas maksā par katru apskatīto nodalījumu.",
            "In the Land Register portal you can see who owns a property, whether it is mortgaged and whether any restrictions are recorded. Owners can view their own data free. Others pay per folio viewed.",
        ),
        ("zemesgrāmata, īpašnieks, hipotēka, apskate", "land register, owner, mortgage, lookup"),
        ("citizen", "business"),
        "TA",
        channels=[E("https://www.zemesgramata.lv")],
        cost=[
            F(0, ("Sava īpašuma datu apskate.", "Viewing your own property.")),
            F(5.00, ("Cita nodalījuma apskate.", "Viewing another folio.")),
        ],
        reqs=[E_AUTH],
        output=O(("Zemesgrāmatas nodalījuma dati", "Land Register folio data")),
        time="PT1H",
        legal=["land-book"],
        themes=["property"],
        related=["PAK-0044"],
    ),
    S(
        "PAK-0046",
        ("Būvatļaujas saņemšana", "Obtaining a building permit"),
        (
            "Lai būvētu jaunu māju vai rekonstruētu esošu ēku, būvvaldē jāsaņem būvatļauja. Iesniegumu un būvprojektu iesniedz Būvniecības informācijas sistēmā (BIS). Būvvalde pārbauda atbilstību teritorijas plānojumam un izsniedz būvatļauju ar nosacījumiem.",
            "To build a new house or reconstruct a building you need a building permit from the municipal building authority. The application and design are filed in the Construction Information System (BIS). The authority checks compliance with the local plan and issues a permit with conditions.",
        ),
        (
            "būvatļauja, būvniecība, māja, būvvalde, BIS",
            "building permit, construction, house, building authority, BIS",
        ),
        ("citizen", "business"),
        "RIGA",
        channels=[E("https://bis.gov.lv"), C()],
        cost=F(
            60.00,
            (
                "Būvatļaujas nodeva (pašvaldība nosaka apmēru).",
                "Building permit fee (set by the municipality).",
            ),
        ),
        reqs=[
            R(
                ("Būvprojekts", "Building design"),
                (
                    "Sertificēta arhitekta izstrādāts būvprojekts minimālajā sastāvā.",
                    "An outline design prepared by a certified architect.",
                ),
                ("Būvprojekts BIS", "Design filed in BIS"),
            ),
            R(
                ("Zemes īpašuma tiesības", "Land rights"),
                (
                    "Jābūt īpašuma vai nomas tiesībām uz zemesgabalu.",
                    "You must own or lease the land plot.",
                ),
            ),
        ],
        output=O(("Būvatļauja", "Building permit")),
        time="P30D",
        legal=["construction"],
        themes=["property"],
        related=["PAK-0047"],
        parts=[
            part(
                "BVKB",
                (
                    "Birojs uztur BIS un uzrauga publiskas ēkas.",
                    "The Bureau runs BIS and supervises public buildings.",
                ),
                "co-provider",
            )
        ],
    ),
    S(
        "PAK-0047",
        (
            "Vienkāršotā būvniecība: paskaidrojuma raksts",
            "Simplified construction: explanatory statement",
        ),
        (
            "Nelielām ēkām, piemēram, dārza mājiņām un palīgēkām, būvatļauja nav vajadzīga — pietiek ar paskaidrojuma rakstu vai apliecinājuma karti. Dokumentu iesniedz BIS, un būvvalde to akceptē. Pēc darbu pabeigšanas būve jānodod ekspluatācijā.",
            "Small buildings such as garden sheds and outbuildings need no permit — an explanatory statement or certification card is enough. It is filed in BIS and accepted by the building authority. After the works the building must be accepted into service.",
        ),
        (
            "paskaidrojuma raksts, dārza māja, šķūnis, vienkāršota būvniecība",
            "explanatory statement, garden house, shed, simplified construction",
        ),
        "citizen",
        "RIGA",
        channels=[E("https://bis.gov.lv"), C()],
        cost=F(20.00, ("Pašvaldības nodeva.", "Municipal fee.")),
        reqs=[E_AUTH],
        output=O(("Akceptēts paskaidrojuma raksts", "Accepted explanatory statement")),
        time="P15D",
        legal=["construction"],
        themes=["property"],
        related=["PAK-0046"],
    ),
    S(
        "PAK-0048",
        (
            "Trūcīgas vai maznodrošinātas mājsaimniecības statuss",
            "Low-income or needy household status",
        ),
        (
            "Pašvaldības sociālais dienests izvērtē mājsaimniecības ienākumus un materiālo stāvokli, lai piešķirtu trūcīgas vai maznodrošinātas mājsaimniecības statusu. Statuss dod tiesības uz pabalstiem, atlaidēm un bezmaksas pakalpojumiem. Statusu piešķir uz laiku un pēc tam pārskata.",
            "The municipal social service assesses household income and assets to grant needy or low-income status. The status gives access to benefits, discounts and free services. It is granted for a fixed period and then reviewed.",
        ),
        (
            "trūcīgs, maznodrošināts, sociālais dienests, palīdzība",
            "needy, low income, social service, help",
        ),
        "citizen",
        "RIGA",
        channels=[C(), E("https://eriga.lv/pakalpojumi/trucigas-statuss"), phone()],
        cost=FREE,
        reqs=[
            APPLICATION,
            R(
                ("Ienākumu apliecinājums", "Proof of income"),
                (
                    "Jāiesniedz ziņas par visu mājsaimniecības locekļu ienākumiem un īpašumiem.",
                    "Details of all household members' income and property are required.",
                ),
                ("Ienākumu izziņas", "Income statements"),
            ),
        ],
        output=O(("Lēmums par statusu", "Decision on status")),
        time="P30D",
        legal=["social-services"],
        themes=["social"],
        related=["PAK-0049", "PAK-0050"],
    ),
    S(
        "PAK-0049",
        ("Mājokļa pabalsts", "Housing benefit"),
        (
            "Mājokļa pabalsts palīdz segt īres, komunālo pakalpojumu un apkures izdevumus mājsaimniecībām ar zemiem ienākumiem. Pabalsta apmēru aprēķina pēc valsts noteiktiem mājokļa izdevumu normatīviem. Pieteikties var pašvaldības sociālajā dienestā.",
            "The housing benefit helps low-income households pay rent, utilities and heating. It is calculated using state-set housing cost standards. Apply at the municipal social service.",
        ),
        (
            "mājokļa pabalsts, īre, komunālie maksājumi, apkure",
            "housing benefit, rent, utilities, heating",
        ),
        "citizen",
        "RIGA",
        channels=[C(), E("https://eriga.lv/pakalpojumi/majokla-pabalsts")],
        cost=FREE,
        reqs=[
            APPLICATION,
            R(
                ("Mājokļa izdevumu rēķini", "Housing cost bills"),
                (
                    "Jāiesniedz rēķini par īri un komunālajiem pakalpojumiem.",
                    "Rent and utility bills must be provided.",
                ),
            ),
        ],
        output=O(("Pabalsta izmaksa", "Benefit payment")),
        time="P30D",
        legal=["social-services"],
        themes=["social", "residence"],
        related=["PAK-0048"],
    ),
    S(
        "PAK-0050",
        ("Garantētā minimālā ienākuma pabalsts", "Guaranteed minimum income benefit"),
        (
            "Trūcīgām mājsaimniecībām pašvaldība izmaksā pabalstu līdz garantētā minimālā ienākuma līmenim. Pabalsta saņēmējam jāsadarbojas ar sociālo darbinieku, piemēram, jāmeklē darbs. Pabalstu piešķir uz trim vai sešiem mēnešiem.",
            "Needy households receive a municipal benefit topping income up to the guaranteed minimum level. The recipient must cooperate with a social worker, for example by looking for work. The benefit is granted for three or six months.",
        ),
        ("GMI, pabalsts, trūcīgs, minimālais ienākums", "GMI, benefit, needy, minimum income"),
        "citizen",
        "RIGA",
        channels=[C(), phone()],
        cost=FREE,
        reqs=[
            R(
                ("Trūcīgas mājsaimniecības statuss", "Needy household status"),
                (
                    "Mājsaimniecībai jābūt piešķirtam trūcīgas statusam.",
                    "The household must have needy status.",
                ),
            )
        ],
        output=O(("Ikmēneša pabalsts", "Monthly benefit")),
        time="P30D",
        legal=["social-services"],
        themes=["social"],
        related=["PAK-0048"],
    ),
]
