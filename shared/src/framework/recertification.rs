//! Toetsingskader recertificering keurmerk Register Jobcoach
//! (seed 001_c5556b3296484495.txt).

use super::{Framework, InputKind, Part, PortfolioKind, Question, Section};

pub static RECERTIFICATION: Framework = Framework {
    kind: PortfolioKind::Recertification,
    title: "Toetsingskader recertificering keurmerk Register Jobcoach",
    // The seed prints neither a version nor a date. Its A2 and A3.1 tables
    // phase rules in over the recertification years 2023 to 2027, so it is
    // named after that range rather than given an invented version number.
    version: "zonder versienummer (overgangsregeling 2023-2027)",
    introduction: "Om je certificering te verlengen stel je een digitaal portfolio samen, welke \
        je drie maanden voor einde van je certificatiedatum indient bij de certificerende \
        instelling (DNV). Een assessor beoordeelt je portfolio en geeft een certificatieadvies aan \
        de certificerende instelling. In dit document lees je aan welke eisen je portfolio moet \
        voldoen.",
    sections: &[A1, A2, A3_1, A3_2, A4, B, C],
};

const A1: Section = Section {
    code: "A1",
    title: "Werkzaam als uitvoerend jobcoach",
    criterion: "Afgelopen vier jaar actief cliënten en organisaties begeleid. Op moment van \
        recertificeren werkzaam als uitvoerend jobcoach.",
    explanation: None,
    deliverables: &[
        "Curriculum vitae.",
        "Verklaring: ‘Werkzaam als uitvoerend jobcoach’.",
    ],
    conditions: &[
        "Het curriculum vitae geeft een goed beeld van je werkervaring en bij- en nascholing in de \
         afgelopen vier jaar en je huidige werkzaamheden, functie(s) en/of rol(len).",
        "Het curriculum vitae geeft een goed beeld van de type klanten en/of doelgroepen en \
         vraagstukken waar je je de afgelopen vier jaar op hebt gericht.",
        "De verklaring is volledig ingevuld en ondertekend.",
    ],
    questions: &[
        Question::new("recertification.a1.q1", InputKind::Evidence, "Curriculum vitae.").guidance(
            "Het curriculum vitae geeft een goed beeld van je werkervaring en bij- en nascholing \
             in de afgelopen vier jaar en je huidige werkzaamheden, functie(s) en/of rol(len), en \
             van de type klanten en/of doelgroepen en vraagstukken waar je je de afgelopen vier \
             jaar op hebt gericht.",
        ),
        Question::new(
            "recertification.a1.q2",
            InputKind::Declaration,
            "Verklaring: ‘Werkzaam als uitvoerend jobcoach’.",
        )
        .guidance("De verklaring is volledig ingevuld en ondertekend."),
    ],
    parts: &[],
};

const A2: Section = Section {
    code: "A2",
    title: "Terugblik op je ontwikkelplan en ontwikkeladvies vorige (re)certificering",
    criterion: "Je laat zien wat je gedaan hebt met het ontwikkeladvies dat je bij de vorige \
        (re)certificering hebt meegekregen en hoe je follow-up hebt gegeven aan je persoonlijke \
        ontwikkelplan.",
    explanation: Some(
        "Bij je vorige (re)certificering heb je een ontwikkelplan geschreven en heb je één of \
         meerdere ontwikkeladviezen gekregen van de assessoren, hierop blik je terug. Valt je \
         recertificering tussen 1 januari 2023 en 31 december 2026 dan heb je vrijstelling van \
         dit onderdeel. Vanaf 1 januari 2027 is dit een verplicht onderdeel.",
    ),
    deliverables: &["Een verantwoordingsverslag op hoofdlijnen."],
    conditions: &[],
    questions: &[],
    parts: &[
        Part {
            code: "plan",
            title: "Ontwikkelplan",
            criterion: None,
            indicators: &[],
            questions: &[
                Question::text("recertification.a2.plan.q1", "Wat had je zelf voorgenomen?")
                    .guidance(
                        "De nadruk ligt hier op evaluatie. Het is de bedoeling dat je hier \
                         feitelijk terugblikt op je voorgenomen doelen en aangereikte adviezen en \
                         vertelt wat je ermee gedaan hebt.",
                    ),
                Question::text(
                    "recertification.a2.plan.q2",
                    "Wat heb je er wel/niet van uitgevoerd?",
                ),
            ],
        },
        Part {
            code: "advice",
            title: "Ontwikkeladvies",
            criterion: None,
            indicators: &[],
            questions: &[
                Question::text(
                    "recertification.a2.advice.q1",
                    "Welk ontwikkeladvies heb je meegekregen tijdens de vorige \
                     (re)certificering?",
                ),
                Question::text("recertification.a2.advice.q2", "Wat heb je daarmee gedaan?"),
            ],
        },
        Part {
            code: "additional",
            title: "Aanvullend",
            criterion: None,
            indicators: &[],
            questions: &[Question::text(
                "recertification.a2.additional.q1",
                "Indien je plannen zijn gewijzigd, waardoor zijn ze dan gewijzigd en welke route \
                 heb je gevolgd?",
            )],
        },
    ],
};

const A3_1: Section = Section {
    code: "A3.1",
    title: "Reflectie op je beroepsmatig handelen",
    criterion:
        "Vier bijeenkomsten volgen waar je op een gestructureerde manier reflecteert op een \
        betekenisvolle situatie uit de dagelijkse werkpraktijk en/of een thema dat je bezighoudt. \
        Minimaal twee van de vier keer breng je zelf een betekenisvolle situatie ter bespreking \
        in. Afhankelijk van het jaar waarin je recertificering valt, zijn er andere eisen.",
    explanation: Some(
        "Een professionele beroepshouding vereist dat je regelmatig reflecteert op je handelen in \
         interactie met anderen in een professionele setting. Dat kan in de vorm van intervisie, \
         supervisie of coaching. Zet je supervisie in dan verwachten we dat de supervisor \
         geregistreerd is bij de LVSC of een andere gelijkwaardige registratie of erkenning \
         heeft. Zet je een persoonlijke coach in dan verwachten we dat de coach erkend of \
         geregistreerd is bij een beroepsvereniging (LVSC, NOBCO, Noloc, EIA, STiR of \
         vergelijkbare beroepsvereniging). Intervisie vindt plaats onder gelijken waarbij één \
         van de deelnemers de rol van begeleider heeft.",
    ),
    deliverables: &["Per bijgewoonde reflectiebijeenkomst een verklaring."],
    conditions: &[
        "Recertificering in 2024: één bijeenkomst, eenmaal zelf een betekenisvolle situatie \
         ingebracht.",
        "Recertificering in 2025: twee bijeenkomsten, eenmaal zelf een betekenisvolle situatie \
         ingebracht.",
        "Recertificering in 2026: drie bijeenkomsten, tweemaal zelf een betekenisvolle situatie \
         ingebracht.",
        "Recertificering vanaf 2027: vier bijeenkomsten, tweemaal zelf een betekenisvolle \
         situatie ingebracht.",
        "De verklaring is volledig ingevuld en ondertekend.",
        "Op de verklaring staat in elk geval: datum van de bijeenkomst, de naam van de begeleider \
         en of je zelf een onderwerp hebt ingebracht.",
        "Je kunt gebruik maken van het format in het digitale portfolio of de verklaring uit de \
         planningstool intervisie op de Noloc-site.",
    ],
    questions: &[Question::new(
        "recertification.a3_1.q1",
        InputKind::ReflectionMeetings,
        "Verklaringen van bijgewoonde reflectiebijeenkomsten.",
    )
    .guidance(
        "Op de verklaring staat in elk geval: datum van de bijeenkomst, de naam van de begeleider \
         en of je zelf een onderwerp hebt ingebracht.",
    )],
    parts: &[],
};

const A3_2: Section = Section {
    code: "A3.2",
    title: "Reflectieverslag van een betekenisvolle situatie",
    criterion: "Je laat zien dat je in staat bent om op verschillende niveaus (handelen, voelen, \
        denken en willen) te reflecteren, om leer- en/of ontwikkelpunten te formuleren en om een \
        relatie te leggen met één of meerdere onderdelen uit het beroepsprofiel.",
    explanation: Some(
        "Schrijf vanuit jouw rol, positie en ervaringen. Schrijf concreet, dus feitelijk, \
         waarneembaar en beeldend.",
    ),
    deliverables: &["Eén reflectieverslag aan de hand van de vier reflectievragen."],
    conditions: &[
        "Je maakt één reflectieverslag van een betekenisvolle situatie die jij ter bespreking hebt \
         ingebracht tijdens een supervisie, intervisie of coachbijeenkomst aan de hand van de \
         reflectievragen.",
    ],
    questions: &[
        Question::text(
            "recertification.a3_2.q1",
            "Beschrijf de betekenisvolle situatie waarop je hebt gereflecteerd? Wat was jouw rol \
             hier? Met welke onderdelen van het beroepsprofiel heeft dit raakvlakken? Onderbouw \
             dit.",
        )
        .guidance(
            "Bij de beschrijving van de betekenisvolle situatie kun je gebruik maken van een \
             reflectiemodel zoals bijvoorbeeld STARR, Korthagen of een voor jou passend model. Ga \
             hierbij uit van je zelf en schrijf in de ik-vorm: wat voelde ik, dacht ik, deed ik \
             en wilde ik bereiken? Heb ik dit al eerder ervaren? Beschrijf en licht toe met welke \
             onderdelen dit van beroepsprofiel te maken heeft.",
        ),
        Question::text(
            "recertification.a3_2.q2",
            "Wat maakte dat jij juist op deze betekenisvolle situatie wilde reflecteren? Wat \
             raakte jou daar persoonlijk in? Wat beoogde je te bereiken met het bespreken van deze \
             betekenisvolle situatie?",
        )
        .guidance(
            "Maak duidelijk waarom dit jou raakte en waar dit mee samenhangt. Was dat een \
             overtuiging? Had het met je waarden en normen te maken? Of een gevoel? Beschrijf ook \
             waar je meer inzicht in wilde krijgen.",
        ),
        Question::text(
            "recertification.a3_2.q3",
            "Welke inzichten, op persoonlijk en/of professioneel vlak, heeft de bespreking van je \
             betekenisvolle situatie je opgeleverd? Aan welke onderdelen van het beroepsprofiel \
             raakt dit?",
        )
        .guidance(
            "Maak duidelijk welke feedback je gekregen hebt, waar het bespreken jou geraakt \
             heeft, wat je ontdekt hebt over jezelf, wat je geleerd hebt en wat dit betekent voor \
             je professionele handelen. Licht toe met welke onderdelen van het beroepsprofiel het \
             te maken heeft.",
        ),
        Question::text(
            "recertification.a3_2.q4",
            "Wat betekenen de inzichten voor je beroepsmatig handelen? Wat ga je anders doen, \
             bestendigen, verdiepen of ontwikkelen?",
        )
        .guidance("Maak duidelijk hoe je dit nieuwe inzicht vorm hebt gegeven."),
    ],
    parts: &[],
};

const A4: Section = Section {
    code: "A4",
    title: "Ontwikkelplan voor de komende vier jaar",
    criterion: "Om ook in de toekomst vakbekwaam te blijven, maak je een ontwikkelplan voor de \
        komende vier jaar. Daarmee laat je zien dat je in staat bent om regie te nemen over je \
        persoonlijke en professionele loopbaanontwikkeling.",
    explanation: None,
    deliverables: &["Een ontwikkelplan aan de hand van de reflectievragen."],
    conditions: &[],
    questions: &[],
    parts: &[
        Part {
            code: "present",
            title: "Heden",
            criterion: Some(
                "Je laat zien dat je in staat bent om vanuit verschillende perspectieven de \
                 huidige situatie en ontwikkelingen op waarde te schatten.",
            ),
            indicators: &[],
            questions: &[Question::text(
                "recertification.a4.present.q1",
                "Welke ontwikkelingen zijn actueel voor jou?",
            )
            .guidance(
                "Denk daarbij aan de betekenis van je persoonlijke levensfase, de ontwikkeling \
                 binnen je werkcontext, de ontwikkeling van het vak, de ontwikkelingen in de \
                 maatschappij, op de arbeidsmarkt en het gebruik van digitale hulpmiddelen.",
            )],
        },
        Part {
            code: "past",
            title: "Verleden",
            criterion: Some(
                "Je laat zien dat je in staat bent om aan de hand van je ervaringen vorm te geven \
                 aan je persoonlijke en professionele ontwikkeling.",
            ),
            indicators: &[],
            questions: &[
                Question::text(
                    "recertification.a4.past.q1",
                    "Wat waren voor jou sleutelmomenten in de afgelopen vier jaar? Waardoor werd \
                     je geraakt? Wat waren je belangrijkste leerervaringen?",
                ),
                Question::text(
                    "recertification.a4.past.q2",
                    "Met welke onderdelen van het beroepsprofiel heeft dit te maken? En licht dit \
                     toe.",
                ),
                Question::text(
                    "recertification.a4.past.q3",
                    "Wat zegt dit over jouw manier van leren en ontwikkelen?",
                ),
            ],
        },
        Part {
            code: "future",
            title: "Toekomst",
            criterion: Some(
                "Je laat zien dat je in staat bent om je beroepsmatige ervaringen en je visie op \
                 toekomstige ontwikkelingen te vertalen naar een persoonlijk en/of professioneel \
                 ontwikkelplan voor jezelf voor de komende vier jaar.",
            ),
            indicators: &[],
            questions: &[
                Question::text(
                    "recertification.a4.future.q1",
                    "Wat zijn je plannen voor de komende vier jaar ten aanzien van je persoonlijke \
                     en professionele ontwikkeling? Wat of waarin wil je je verder ontwikkelen \
                     en/of groeien?",
                ),
                Question::text(
                    "recertification.a4.future.q2",
                    "Welke stappen of acties ga je ondernemen (op korte en/of lange termijn)? Wat \
                     heb je daarbij nodig? Welke belemmeringen voorzie je en hoe kun je die \
                     voorkomen?",
                ),
                Question::text(
                    "recertification.a4.future.q3",
                    "Aan welke onderdelen van het beroepsprofiel raakt dit? En licht dit toe.",
                ),
            ],
        },
    ],
};

const B: Section = Section {
    code: "B",
    title: "Permanente educatie (PE-punten)",
    criterion: "In de afgelopen vier jaar heb je minimaal 75 PE-punten behaald, verworven in één of \
        meerdere van de zes categorieën.",
    explanation: Some(
        "Bij dit onderdeel laat je zien welke ontwikkelgerichte activiteiten je hebt ondernomen \
         en/of wat je hebt bijgedragen aan de (door-)ontwikkeling van het vakgebied in brede zin. \
         Onder het kopje ‘PE-registratie’ in het digitale portfolio kun je je activiteiten noteren \
         en bewijsstukken uploaden.",
    ),
    deliverables: &["Per opgevoerde activiteit een bewijsstuk of het ingevulde format."],
    conditions: &[
        "In de afgelopen vier jaar heb je minimaal 75 PE-punten behaald.",
        "PE-punten zijn verworven in één of meerdere van de zes categorieën.",
        "Aan sommige categorieën is een minimum of maximumaantal punten verbonden om spreiding van \
         leeractiviteiten te stimuleren.",
        "Van elke opgevoerde activiteit voeg je een bewijsstuk toe of vul je het betreffende \
         format in het portfolio in.",
        "Zonder bewijsstuk kunnen geen punten worden toegekend.",
    ],
    questions: &[Question::new(
        "recertification.b.q1",
        InputKind::PeRegister,
        "PE-registratie: noteer je activiteiten en upload de bewijsstukken.",
    )],
    parts: &[],
};

const C: Section = Section {
    code: "C",
    title: "Verklaring",
    criterion: "Je verklaart dat je de gedragscode hebt gelezen, dat je vanuit deze gedragsregels \
        werkt en dat je kennis hebt van het klachtenreglement.",
    explanation: None,
    deliverables: &["Verklaring in het digitale portfolio."],
    conditions: &[],
    questions: &[Question::new(
        "recertification.c.q1",
        InputKind::Declaration,
        "Ik verklaar dat ik de gedragscode heb gelezen, dat ik vanuit deze gedragsregels werk en \
         dat ik kennis heb van het klachtenreglement.",
    )],
    parts: &[],
};
