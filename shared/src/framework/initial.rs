//! Toetsingskader initiële certificering Register Jobcoach, v1.3 november 2023
//! (seed 002_502fc1f71e8dbf80.txt).

use super::{Framework, InputKind, Part, PortfolioKind, Question, Section};

pub static INITIAL: Framework = Framework {
    kind: PortfolioKind::Initial,
    title: "Toetsingskader initiële certificering voor het keurmerk Register Jobcoach",
    version: "v1.3 november 2023",
    introduction: "In dit document worden de beroepsvereisten, zoals deze beschreven zijn in \
        beroepsprofiel Register Jobcoach, uitgewerkt. Je leest waaraan je moet voldoen en wat de \
        randvoorwaarden zijn om het keurmerk Register Jobcoach te verkrijgen. Op basis van dit \
        toetsingskader stel je een digitaal portfolio samen. Twee assessoren beoordelen je \
        portfolio en hebben een gesprek met jou, zodat je een toelichting kunt geven op de \
        eventuele vragen. De assessoren geven een certificatieadvies aan de Certificerende \
        Instelling.",
    sections: &[A1, A2, B1, B2, C1, C2, C3, C4, D, E],
};

const A1: Section = Section {
    code: "A1",
    title: "Basisopleidingseisen",
    criterion: "Afgeronde hbo-opleiding (NLQF6) of wo-opleiding (NLQF7), of hbo werk- en \
        denkniveau (NLQF6) aantonen met een EVC-procedure of met een assessment.",
    explanation: None,
    deliverables: &[
        "Erkend hbo- of wo-diploma.",
        "EVC-rapportage.",
        "Assessmentrapport.",
    ],
    conditions: &[
        "Het diploma is ondertekend door de opleidingsinstantie.",
        "De diplomaverstrekkende instantie is NVAO geaccrediteerd (Nederlands-Vlaamse \
         Accreditatieorganisatie).",
        "Het betreft een CROHO-opleiding (Centraal Register Opleidingen Hoger Onderwijs) gericht \
         op ‘mens en organisatie’.",
        "De EVC-rapportage is maximaal twee jaar oud.",
        "De EVC-rapportage richt zich op BOC-niveau 6 (Beroeps Overstijgende \
         Competentiestandaard).",
        "De EVC-rapportage is verstrekt door een erkende EVC-aanbieder.",
        "Het assessmentrapport is maximaal twee jaar oud.",
        "Het assessment is afgenomen door een geaccrediteerd bureau of een zelfstandig gevestigde \
         Arbeids- en organisatiepsycholoog NIP.",
        "Uit het assessment blijkt dat tenminste hbo werk- en denkniveau (NLQF 6) is aangetoond.",
    ],
    questions: &[Question::new(
        "initial.a1.q1",
        InputKind::Evidence,
        "Erkend hbo- of wo-diploma, EVC-rapportage of assessmentrapport.",
    )
    .guidance(
        "Een EVC-rapportage of assessmentrapport is op de datum van aanvraag maximaal twee jaar \
         oud.",
    )],
    parts: &[],
};

const A2: Section = Section {
    code: "A2",
    title: "Aanvullende opleidingseis",
    criterion: "Diploma Noloc geaccrediteerde jobcoachopleiding na augustus 2022 van Sara Werkt, \
        na juli 2015 van Capabel of na juli 2013 van Combo, Elan of Saxion (vrijstelling voor de \
        onderdelen B2, C1 t/m C4 en D en het toetsgesprek; aantonen A1, A2, B1 en E), of een \
        jobcoachdiploma van voor 2013, of minimaal 98 uur (3,5 ECT) aantoonbaar andere \
        deelopleidingen, cursussen, trainingen relevant voor het vak van jobcoach, zoals SPH, \
        Ergotherapie, A&O psychologie of andere agogische richtingen (geen vrijstellingen, vul \
        het volledige portfolio in).",
    explanation: None,
    deliverables: &[
        "Diploma/certificaat.",
        "Diploma’s en/of certificaten en/of bewijzen van deelname van gevolgde relevante \
         opleidingen, cursussen en trainingen.",
    ],
    conditions: &[
        "Het diploma of certificaat is ondertekend door de opleidingsinstantie.",
        "De cursussen beschikken over een keurmerk.",
        "De certificaten zijn ondertekend door de opleider.",
        "Het aantal uren studiebelasting staat aangegeven.",
    ],
    questions: &[Question::new(
        "initial.a2.q1",
        InputKind::Evidence,
        "Diploma/certificaat van je jobcoachopleiding, of diploma’s en/of certificaten en/of \
         bewijzen van deelname van gevolgde relevante opleidingen, cursussen en trainingen.",
    )],
    parts: &[],
};

const B1: Section = Section {
    code: "B1",
    title: "Werkervaring als uitvoerend jobcoach",
    criterion: "Je hebt in de afgelopen drie jaar tenminste 1200 uur beroepsgerichte \
        werkervaring als uitvoerend jobcoach opgedaan. Je werkt op het moment van certificeren \
        als uitvoerend jobcoach.",
    explanation: None,
    deliverables: &[
        "Verklaring: ‘Tenminste 1200 uur beroepsgerichte werkervaring.’",
        "Verklaring: ‘Werkzaam als uitvoerend jobcoach.’",
    ],
    conditions: &[
        "Onder beroepsgerichte ervaring als uitvoerend jobcoach verstaan we het actief begeleiden \
         van mensen en organisaties met jobcoachvragen. Professionaliseringactiviteiten zoals het \
         volgen van een training, opleiding, intervisie of supervisie vallen hier niet onder.",
        "De verklaring ‘Werkzaam als uitvoerend jobcoach’ is volledig ingevuld en ondertekend.",
    ],
    questions: &[
        Question::new(
            "initial.b1.q1",
            InputKind::HoursDeclaration,
            "Verklaring: ‘Tenminste 1200 uur beroepsgerichte werkervaring.’",
        )
        .guidance(
            "Onder beroepsgerichte ervaring als uitvoerend jobcoach verstaan we het actief \
             begeleiden van mensen en organisaties met jobcoachvragen. \
             Professionaliseringactiviteiten zoals het volgen van een training, opleiding, \
             intervisie of supervisie vallen hier niet onder.",
        ),
        Question::new(
            "initial.b1.q2",
            InputKind::Declaration,
            "Verklaring: ‘Werkzaam als uitvoerend jobcoach.’",
        )
        .guidance("De verklaring is volledig ingevuld en ondertekend."),
    ],
    parts: &[],
};

const B2: Section = Section {
    code: "B2",
    title: "Curriculum vitae en terugblik",
    criterion: "Curriculum vitae. Terugblik op je ontwikkeling tot nu toe.",
    explanation: None,
    deliverables: &[
        "Curriculum vitae.",
        "In het portfolio is een tekstblok waarin je je terugblik kunt beschrijven.",
    ],
    conditions: &[],
    questions: &[
        Question::new("initial.b2.q1", InputKind::Evidence, "Curriculum vitae.").guidance(
            "Het curriculum vitae geeft een goed beeld van je professionele achtergrond. Het \
             bevat tenminste een overzicht van je loopbaan, opleidingen en overige vakspecifieke \
             informatie.",
        ),
        Question::text("initial.b2.q2", "Terugblik op je ontwikkeling tot nu toe.")
            .guidance("Motivatie voor je keuze van het vak van jobcoach."),
    ],
    parts: &[],
};

const C1: Section = Section {
    code: "C1",
    title: "Taken/trajectbeschrijving",
    criterion: "Je beschrijft een begeleidingstraject waarbij je per taak de activiteiten \
        beschrijft of een beroepsproduct uitwerkt. Werk alle taken uit. Beschrijf het traject \
        vanuit jouw perspectief en rol (handelen) als begeleider.",
    explanation: Some(
        "De taken staan voor het integrale begeleidingsproces – van intake tot begeleiding na \
         plaatsing – dat je doorloopt met een cliënt, werkgever en opdrachtgever. De taken 1 tot \
         en met 7 beschrijven de opeenvolgende fases in een begeleidingstraject. Taak 0 beschrijft \
         een aantal procestaken die gedurende het gehele traject door alle fases heen aandacht \
         vragen en/of aan de orde kunnen zijn.",
    ),
    deliverables: &["Een beschrijving van een begeleidingstraject, uitgewerkt per taak."],
    conditions: &[
        "Het traject heb je zelf uitgevoerd, past binnen het werkveld en de scope van het \
         beroepsprofiel en is in de twee jaar voorafgaand aan je certificering gestart.",
        "Het begeleidingstraject hoeft nog niet afgerond te zijn. Wel is vereist dat het traject \
         minimaal een half jaar onderweg is, of zoveel langer om alle stappen uit het \
         begeleidingstraject aan te kunnen tonen.",
    ],
    questions: &[],
    parts: &[
        C1_INTRO, C1_TASK0, C1_TASK1, C1_TASK2, C1_TASK3, C1_TASK4, C1_TASK5, C1_TASK6, C1_TASK7,
    ],
};

const C1_INTRO: Part = Part {
    code: "intro",
    title: "Inleiding op de trajectbeschrijving",
    criterion: None,
    indicators: &[],
    questions: &[
        Question::new(
            "initial.c1.intro.q1",
            InputKind::TrajectoryDates,
            "Wanneer is het begeleidingstraject gestart en, als het is afgerond, wanneer is het \
             geëindigd?",
        )
        .guidance(
            "Het traject is in de twee jaar voorafgaand aan je certificering gestart en is \
             minimaal een half jaar onderweg, of zoveel langer om alle stappen uit het \
             begeleidingstraject aan te kunnen tonen.",
        ),
        Question::new(
            "initial.c1.intro.q2",
            InputKind::Declaration,
            "Het traject heb je zelf uitgevoerd, past binnen het werkveld en de scope van het \
             beroepsprofiel en is in de twee jaar voorafgaand aan je certificering gestart.",
        ),
        Question::text(
            "initial.c1.intro.q3",
            "Schets kort de context van het traject (aanleiding en situatie cliënt).",
        ),
        Question::text(
            "initial.c1.intro.q4",
            "Wat maakte dat dit traject interessant was om er langer bij stil te staan (waar zat \
             jouw grootste uitdaging)?",
        ),
    ],
};

const C1_TASK0: Part = Part {
    code: "task0",
    title: "0. Procestaken gedurende het gehele traject",
    criterion: Some(
        "Is in staat om tijdens het gehele begeleidingsproces aan te sluiten op het proces van de \
         cliënt en daarnaar te handelen.",
    ),
    indicators: &[
        "Stimuleert cliënt om, zoveel als mogelijk, eigen regie te nemen en sluit daarbij aan op \
         wijze waarop cliënt leert dan wel een probleem oplost.",
        "Onderhoudt en betrekt waar nodig, in afstemming met de cliënt, contact met het sociale en \
         professionele netwerk.",
        "Stemt, in overleg met cliënt, met opdrachtgever en werkgever de voortgang van de \
         begeleiding af.",
        "Past in overleg met betrokken partijen inhoud en werkwijze van het begeleidingstraject \
         aan.",
        "Zorgt, indien bij het begeleidingstraject meerdere partijen betrokken zijn, voor een \
         warme overdracht.",
        "Verwijst cliënt zo nodig door naar hulpverlening of andere disciplines en specialisten.",
        "Bewaakt zorgvuldig de privacy van cliënt.",
    ],
    questions: &[Question::text(
        "initial.c1.task0.q1",
        "Beschrijf en motiveer hoe je gaandeweg het traject hebt ingehaakt op de ontwikkeling van \
         cliënt en/of veranderende omstandigheden. Waar heb je bijgestuurd en waarom? Welke \
         afweging heb je gemaakt om bij te sturen? Waar zaten de spannende momenten, waar heb je \
         moeten vertragen, versnellen of de prioriteiten moeten verleggen? Op welke wijze heb je \
         zelfsturing bij je cliënt gestimuleerd?",
    )
    .words(200)],
};

const C1_TASK1: Part = Part {
    code: "task1",
    title: "1. Het voeren van een intakegesprek met cliënt of met cliënt en opdrachtgever",
    criterion: Some(
        "Is in staat om een werkrelatie aan te gaan met cliënt en cliënt te faciliteren bij het \
         nemen van eigen regie.",
    ),
    indicators: &[
        "Legt, online en offline, effectief contact met cliënt, opdrachtgever en/of werkgever, \
         biedt structuur tijdens het gesprek en zorgt voor een open en veilige werkrelatie.",
        "Onderzoekt en verheldert samen met cliënt de aanleiding, vraagstelling en motivatie.",
        "Maakt een analyse van de leefwereld van cliënt waaronder het (sociale en het \
         professionele) netwerk van de cliënt.",
        "Bespreekt de fases van het integrale begeleidingstraject, stemt verwachtingen af met \
         cliënt en/of opdrachtgever en legt het traject schriftelijk vast. Een werkfit-plan kan \
         onderdeel van het begeleidingstraject zijn.",
        "Bespreekt de gedragscode.",
        "Rondt het gesprek af met concrete vervolgafspraken.",
    ],
    questions: &[Question::text(
        "initial.c1.task1.q1",
        "Beschrijf en motiveer hoe je het intakegesprek met cliënt of met cliënt en opdrachtgever \
         hebt aangepakt.",
    )
    .guidance(
        "Denk daarbij bijvoorbeeld aan de onderwerpen die je aan de orde hebt gesteld of de \
         stappen die je hebt gezet om tot de vraagstelling te komen. Maar ook hoe je verwachtingen \
         hebt afgestemd, hoe je veiligheid en een vertrouwelijke sfeer hebt gecreëerd. Welke \
         gedachten en gevoelens jij had bij deze cliënt en welke afspraken je met cliënt en/of \
         opdrachtgever hebt gemaakt.",
    )
    .words(200)],
};

const C1_TASK2: Part = Part {
    code: "task2",
    title: "2. Het maken van een werknemersprofiel",
    criterion: Some(
        "Is in staat om op een integrale, methodische en doelmatige manier een assessment uit te \
         voeren.",
    ),
    indicators: &[
        "Faciliteert en ondersteunt cliënt bij het in kaart brengen van zijn motivatoren, \
         drijfveren, waarden en normen, reeds verworven vaardigheden, interesses, wensen en \
         leerstijl.",
        "Brengt samen met cliënt de behoeften, aandachtspunten, beperkingen en mogelijkheden ten \
         aanzien van werk, werken en samenwerken in kaart.",
        "Onderzoekt samen met cliënt wat cliënt nodig heeft om duurzaam te kunnen deelnemen aan \
         het arbeidsproces.",
        "Vertaalt de uitkomsten van het assessment naar een werknemersprofiel met trajectdoelen en \
         een plan van aanpak en bespreekt dit met cliënt en/of opdrachtgever, licht dit waar nodig \
         toe en past zo nodig het plan aan.",
    ],
    // The seed announces "zeven onderdelen" but lists eight; all eight are
    // asked.
    questions: &[
        Question::text("initial.c1.task2.q1", "Wie is de cliënt?"),
        Question::text("initial.c1.task2.q2", "Wat wil de cliënt?"),
        Question::text("initial.c1.task2.q3", "Hoe kijkt cliënt naar zichzelf?"),
        Question::text("initial.c1.task2.q4", "Wat kan de cliënt?"),
        Question::text("initial.c1.task2.q5", "Welke aandachtspunten zijn er?"),
        Question::text(
            "initial.c1.task2.q6",
            "Welke ondersteuning heeft cliënt nodig?",
        ),
        Question::text(
            "initial.c1.task2.q7",
            "Wat zijn de trajectdoelen en hoe ziet het plan van aanpak eruit?",
        ),
        Question::text(
            "initial.c1.task2.q8",
            "Welke afwegingen en beslissingen heb je gemaakt bij de gekozen interventies om tot \
             het werknemersprofiel te komen? Waar liep je tegenaan?",
        ),
    ],
};

const C1_TASK3: Part = Part {
    code: "task3",
    title: "3. Het maken van een werkplekprofiel en job analyse",
    criterion: Some(
        "Is in staat om een analyse van een baan, werkplek en organisatie te maken en deze te \
         verbinden met het werknemersprofiel.",
    ),
    indicators: &[
        "Maakt op basis van een vacature dan wel interview met potentiële werkgever een job \
         analyse.",
        "Maakt op basis van een interview met potentiële werkgever een werkgeversprofiel.",
        "Stelt op basis van de job analyse en de informatie over de organisatie een \
         werkplekprofiel op.",
        "Toetst samen met cliënt of de beschikbare baan dan wel werkplek voldoet aan de \
         mogelijkheden en behoeften van cliënt (het ‘werknemersprofiel’).",
    ],
    questions: &[
        Question::text("initial.c1.task3.q1", "Wie is de werkgever?"),
        Question::text(
            "initial.c1.task3.q2",
            "Wat zijn de werkzaamheden en arbeidsomstandigheden?",
        ),
        Question::text(
            "initial.c1.task3.q3",
            "Welke kennis, vaardigheden en attitude wordt verwacht?",
        ),
        Question::text("initial.c1.task3.q4", "Hoe ziet het bedrijf zichzelf?"),
        Question::text(
            "initial.c1.task3.q5",
            "Welke begeleidings- en ontwikkelmogelijkheden kan het bedrijf bieden?",
        ),
        Question::text(
            "initial.c1.task3.q6",
            "Op welke wijze heb je het werkplekprofiel met cliënt besproken? Hoe heb je de mening \
             van cliënt meegewogen?",
        ),
    ],
};

const C1_TASK4: Part = Part {
    code: "task4",
    title: "4. Jobfinding & matching",
    criterion: Some(
        "Is in staat om proactief een geschikte werkplek voor cliënt te zoeken en in afstemming \
         met cliënt en werkgever te onderzoeken of de werkplek passend is, dan wel passend te \
         maken.",
    ),
    indicators: &[
        "Zoekt, op basis van het ‘werknemersprofiel’, proactief naar een geschikte werkplek voor \
         cliënt.",
        "Legt op eigen initiatief contact met potentiële werkgevers, stelt cliënt positief en \
         realistisch voor aan werkgever en bespreekt de mogelijkheden van cliënt.",
        "Informeert de potentiële werkgever over wet- en regelgeving, subsidieregelingen en \
         mogelijke voorzieningen.",
        "Bereidt samen met cliënt een sollicitatiegesprek voor.",
        "Begeleidt zo nodig cliënt bij het sollicitatiegesprek.",
        "Bespreekt met cliënt het sollicitatiegesprek na, zodat cliënt in staat is om te besluiten \
         of het werk en/of de werkplek bij hem past.",
        "Maakt samen met cliënt en werkgever een probleem/kansenanalyse van de werkplek, functie \
         en/of werkomstandigheden en toetst dit aan het ‘werknemersprofiel’ en het \
         ‘werkplekprofiel’.",
        "Bespreekt met de werkgever de mogelijkheden van het aanpassen van de werkplek, het \
         aanpassen van een functie en/of het creëren van een nieuwe aangepaste functie.",
        "Onderzoekt, samen met cliënt en werkgever, hoe cliënt het beste uit zichzelf kan halen op \
         deze werkplek, hoe cliënt zich kan ontwikkelen en welke begeleiding daarbij nodig is.",
        "Onderbouwt, naar opdrachtgever en/of potentiële werkgever, waarom er wel/geen match is \
         tussen cliënt en de werkplek.",
        "Realiseert plaatsing en legt afspraken over plaatsing kernachtig vast.",
    ],
    questions: &[
        Question::text(
            "initial.c1.task4.q1",
            "Welke activiteiten heb je ondernomen om in contact met potentiële werkgevers te \
             komen? Welke rol had je tussen partijen?",
        ),
        Question::text(
            "initial.c1.task4.q2",
            "Hoe heb je cliënt begeleid in het sollicitatieproces?",
        ),
        Question::text(
            "initial.c1.task4.q3",
            "Welke kansen en (on)mogelijkheden biedt deze werkplek, functie en/of \
             werkomstandigheden? Hoe kunnen eventuele gaps worden overbrugd?",
        )
        .guidance("Betrek hierbij het werknemers- en werkplekprofiel."),
        Question::text(
            "initial.c1.task4.q4",
            "Wat maakt dit tot een passende dan wel niet passende match?",
        ),
        Question::text(
            "initial.c1.task4.q5",
            "Met welke begeleiding en/of aanpassing kan cliënt het beste uit zichzelf halen in \
             deze baan?",
        ),
    ],
};

const C1_TASK5: Part = Part {
    code: "task5",
    title: "5. Het opstellen van een coachingsplan",
    criterion: Some(
        "Is in staat om op basis van het werknemersprofiel en werkplekprofiel een coachingsplan op \
         te stellen.",
    ),
    indicators: &[
        "Stelt op basis van het ‘werknemersprofiel’ en het ‘werkplekprofiel’ in samenspraak met \
         cliënt en werkgever een inwerk- en/of coachingsplan op om een duurzame plaatsing te \
         bevorderen.",
        "Werkt, samen met cliënt, een actieplan uit opdat cliënt in vertrouwen stappen kan gaan \
         zetten.",
        "Onderzoekt, samen met cliënt, wie uit het netwerk van cliënt een rol kan hebben bij de \
         uitvoering van het coachingsplan.",
    ],
    questions: &[
        Question::text(
            "initial.c1.task5.q1",
            "Wat zijn de opties die cliënt kan inzetten om optimaal te functioneren en doelen te \
             bereiken?",
        ),
        Question::text(
            "initial.c1.task5.q2",
            "Welke activiteiten/stappen helpen cliënt vooruit?",
        ),
        Question::text(
            "initial.c1.task5.q3",
            "Wie doet wat en hoe wordt werkgever betrokken?",
        ),
        Question::text(
            "initial.c1.task5.q4",
            "Hoe vindt evaluatie plaats en geleerd van opgedane ervaringen?",
        ),
        Question::text(
            "initial.c1.task5.q5",
            "Beschrijf hoe je tot het coachingsplan bent gekomen, leg daarbij een relatie met het \
             ‘werknemersprofiel’ en het ‘werkplekprofiel’.",
        ),
    ],
};

const C1_TASK6: Part = Part {
    code: "task6",
    title: "6. Begeleiding on the job",
    criterion: Some(
        "Is in staat om cliënt en werkgever te ondersteunen bij de uitvoering van het \
         coachingsplan.",
    ),
    indicators: &[
        "Begeleidt en monitort de uitvoering van het coachingsplan zowel met cliënt en werkgever \
         afzonderlijk als gezamenlijk.",
        "Evalueert samen met cliënt en werkgever de voortgang en stelt waar nodig bij.",
        "Viert gemaakte stappen en bereikte doelen met cliënt.",
        "Betrekt werkgever actief bij de uitvoering van het coachingsplan en de wijze van \
         begeleiding.",
        "Vervult een verbindende rol tussen cliënt en werkgever.",
        "Werkt zo nodig mee op de werkvloer om zicht te krijgen op de ontwikkeling van cliënt.",
        "Maakt een verslag van de coaching on the job.",
    ],
    questions: &[Question::text(
        "initial.c1.task6.q1",
        "Beschrijf en motiveer hoe je cliënt en werkgever hebt begeleid bij het uitvoeren van het \
         coachingsplan. Beschrijf wat je hebt gedaan en waarom je deze acties en interventies hebt \
         ingezet en welke afwegingen je daarbij gemaakt hebt. Beschrijf ook wat jouw rol was \
         tijdens dit plan, wat ging je goed af en wat minder?",
    )],
};

const C1_TASK7: Part = Part {
    code: "task7",
    title: "7. Afronding",
    criterion: Some(
        "Is in staat om het begeleidingsproces te evalueren en daar conform gedragscode en AVG \
         over te rapporteren.",
    ),
    indicators: &[
        "Doet verslag van het plaatsingsproces aan opdrachtgever.",
        "Evalueert het traject met opdrachtgever, werkgever en cliënt en benoemt de mogelijkheid \
         van nazorg.",
        "Rapporteert conform AVG en gedragscode van Noloc.",
    ],
    questions: &[Question::text(
        "initial.c1.task7.q1",
        "Beschrijf en motiveer de manier waarop je het begeleidingstraject hebt afgesloten.",
    )
    .guidance(
        "Denk daarbij bijvoorbeeld aan het nabespreken van het traject met cliënt, werkgever en \
         opdrachtgever en hoe cliënt verder gaat. Denk ook aan wat jij geleerd hebt in dit \
         traject. Of indien het traject nog loopt op welke manier je regelmatig evalueert met \
         cliënt, werkgever en opdrachtgever. Betrek hierbij ook de feedback die je van werkgever \
         en cliënt hebt gekregen.",
    )],
};

const C2_QUESTION: &str = "Neem een concrete situatie uit het beschreven begeleidingstraject, \
    koppel daar een theorie, wetgeving of een strategie aan en licht dit toe.";

const C2: Section = Section {
    code: "C2",
    title: "Kennisgebieden",
    criterion: "Je toont aan dat je beschikt over actuele en gangbare kennis en laat zien hoe je \
        deze toepast in de praktijk. Dit doe je als reflectie op het beschreven \
        begeleidingstraject. Doe dit voor alle kennisgebieden.",
    explanation: None,
    deliverables: &[
        "Per kennisgebied een concrete situatie uit het traject gekoppeld aan een \
        theorie, wetgeving of strategie, met toelichting.",
    ],
    conditions: &[],
    questions: &[],
    parts: &[
        Part {
            code: "area1",
            title: "1. Jobcoachtheorie en -methodieken",
            criterion: None,
            indicators: &[
                "Kent gangbare jobcoachtheorieën en -methodieken en bijpassende (digitale) \
                 instrumenten en werkvormen.",
                "Kent in elk geval de Supported Employment theorie en methodiek.",
            ],
            questions: &[Question::text("initial.c2.area1.q1", C2_QUESTION).guidance(
                "Je kunt benoemen welke methodieken en instrumenten je in dit begeleidingstraject \
                 hebt ingezet, waarom je voor deze methodieken en/of instrumenten hebt gekozen en \
                 met welk resultaat.",
            )],
        },
        Part {
            code: "area2",
            title: "2. Ontwikkeling van de mens",
            criterion: None,
            indicators: &[
                "Kent de algemene levensfases van de mens en weet welke dilemma’s die \
                 verschillende fases kenmerken.",
                "Kent de belangrijkste gedragskenmerken van mensen met een \
                 ondersteuningsbehoefte.",
                "Kent de leefgebieden van mensen met een ondersteuningsbehoefte.",
                "Kent gangbare motivatietheorieën.",
                "Kent gangbare theorieën over leervoorkeuren.",
            ],
            questions: &[Question::text("initial.c2.area2.q1", C2_QUESTION).guidance(
                "Je kunt de theorie over levensfases gebruiken om de fase(s) en dilemma’s van \
                 cliënt, ongeacht zijn leeftijd, te duiden. Je kunt de speciale behoeften en \
                 wensen van mensen met een ondersteuningsbehoefte vertalen naar kansen en \
                 uitdagingen in het dagelijkse handelen in relatie tot werk. Je kunt de \
                 leefgebieden van mensen met een ondersteuningsbehoefte in kaart brengen en \
                 benoemen wat de impact daarvan is in de weg naar een werkplek op de reguliere \
                 arbeidsmarkt. Je kunt de motieven van cliënt koppelen aan een motivatietheorie. \
                 Je kunt een theorie over leervoorkeur gebruiken om de leerstijl van de cliënt te \
                 duiden.",
            )],
        },
        Part {
            code: "area3",
            title: "3. Arbeidsmarkt",
            criterion: None,
            indicators: &[
                "Kent de actuele ontwikkelingen op de arbeidsmarkt.",
                "Kent de sociale kaart.",
                "Kent de specifieke aspecten van arbeidsmarktbenadering voor mensen met een \
                 ondersteuningsbehoefte.",
                "Kent de specifieke aspecten van werkgeversbenadering.",
                "Kent (online en offline) bronnen om actuele en betrouwbare \
                 arbeidsmarktinformatie in te winnen.",
            ],
            questions: &[Question::text("initial.c2.area3.q1", C2_QUESTION).guidance(
                "Je kunt trends en ontwikkelingen op de arbeidsmarkt vertalen naar de betekenis \
                 daarvan voor mensen met een ondersteuningsbehoefte. Je kunt informatie over de \
                 sociale kaart vinden en daar gebruik van maken. Je kunt een strategie beschrijven \
                 om mensen met een ondersteuningsbehoefte naar werk te begeleiden. Je kunt een \
                 strategie beschrijven om werkgevers te benaderen en te ondersteunen bij de \
                 plaatsing van een werknemer met een ondersteuningsbehoefte. Je kunt beschrijven \
                 hoe informatie over de arbeidsmarkt is vertaald naar kansen op de arbeidsmarkt \
                 voor mensen met een ondersteuningsbehoefte.",
            )],
        },
        Part {
            code: "area4",
            title: "4. Wet- en regelgeving",
            criterion: None,
            indicators: &[
                "Kent actuele wet- en regelgeving, subsidieregelingen en voorzieningen van belang \
                 voor de cliënt.",
                "Kent actuele wet- en regelgeving, subsidieregelingen en voorzieningen van belang \
                 voor de werkgever.",
            ],
            questions: &[Question::text("initial.c2.area4.q1", C2_QUESTION).guidance(
                "Je kunt actuele wet- en regelgeving, subsidieregelingen en voorzieningen op \
                 adequate wijze vertalen naar zowel je cliënt als de werkgever.",
            )],
        },
    ],
};

const C3_QUESTION: &str = "Beschrijf een concrete situatie uit het begeleidingstraject waarin \
    deze competentie tot uiting komt en licht dit toe.";

const C3: Section = Section {
    code: "C3",
    title: "Competenties",
    criterion: "Je toont aan dat je beschikt over de beschreven competenties. Dit doe je door een \
        concrete situatie uit het begeleidingstraject te beschrijven waarin de betreffende \
        competentie tot uiting komt en licht dit toe. Doe dit voor alle competenties.",
    explanation: None,
    deliverables: &["Per competentie een concrete situatie uit het begeleidingstraject, met \
        toelichting."],
    conditions: &[],
    questions: &[],
    parts: &[
        Part {
            code: "methodical",
            title: "Methodisch werken",
            criterion: Some(
                "Is in staat om doelgericht, systematisch, procesmatig en bewust te werken en \
                 handelen.",
            ),
            indicators: &[
                "Formuleert realistische en meetbare doelen en tussendoelen.",
                "Benoemt en onderbouwt de logische stappen om doelen te bereiken.",
                "Maakt een bewuste afweging tussen verschillende contactvormen, zoals \
                 face-to-face, online of een mix van beide.",
                "Kiest bewust methoden en/of instrumenten en is zich bewust van de effecten van \
                 die methoden en/of instrumenten.",
                "Evalueert voortdurend en stelt de aanpak bij.",
                "Evalueert eigen handelen en de inzet van methoden en/of instrumenten om er zelf \
                 van te leren.",
                "Verwoordt en deelt gemaakte keuzes en afwegingen gedurende het gehele proces \
                 anoniem met collega-professionals.",
                "Beheert de eigen caseload en behoudt een goed overzicht over planning, relaties \
                 en doorlooptijd.",
                "Bewaakt eigen grenzen in de samenwerking met het (sociale en professionele) \
                 netwerk van de cliënt.",
            ],
            questions: &[Question::text("initial.c3.methodical.q1", C3_QUESTION)],
        },
        Part {
            code: "empathy",
            title: "Inlevingsvermogen",
            criterion: Some(
                "Is in staat om gevoelens, ideeën, situaties en behoeften van anderen te \
                 signaleren en te benoemen, alsmede de eigen invloed hierop.",
            ),
            indicators: &[
                "Toont openheid, interesse en aandacht naar cliënt, werkgever, (persoonlijke en \
                 professionele) netwerk van cliënt en/of opdrachtgever toe.",
                "Verplaatst zich zonder oordeelsvorming in afwijkende visies, ideeën, \
                 omgangsvormen en gewoonten.",
                "Denkt vanuit de situatie en opvattingen van cliënt, werkgever, (persoonlijke en \
                 professionele) netwerk van cliënt en/of opdrachtgever mee.",
                "Nodigt cliënt uit om ervaringen vanuit een ander perspectief te bekijken.",
                "Herkent en benoemt non-verbale signalen van cliënt, werkgever, (persoonlijke en \
                 professionele) netwerk van cliënt en/of opdrachtgever.",
                "Begrijpt dat eigen gedrag effect heeft op de ander, maakt dit bespreekbaar en \
                 toont aan daar rekening mee te houden.",
            ],
            questions: &[Question::text("initial.c3.empathy.q1", C3_QUESTION)],
        },
        Part {
            code: "environmental_sensitivity",
            title: "Omgevingssensitiviteit",
            criterion: Some(
                "Is in staat om signalen uit de omgeving waar te nemen, ze te benoemen, is zich \
                 bewust van mogelijke spanningsvelden en weet daarnaar te handelen.",
            ),
            indicators: &[
                "Begrijpt en herkent de complexiteit van meerzijdige partijdigheid.",
                "Herkent en erkent belangen en behoeften en persoonlijkheden van mensen die \
                 (in-)direct betrokken zijn bij het traject.",
                "Luistert zonder oordeel naar alle betrokkenen uit de context van de cliënt, \
                 zonder voor de één of tegen de ander te zijn.",
                "Benoemt consequenties en impact van keuzes en gedrag van cliënt voor zijn \
                 (sociale en professionele) netwerk, werkgever, collega’s en/of opdrachtgever.",
                "Benoemt consequenties en impact van keuzes en gedrag van partijen uit de directe \
                 omgeving van cliënt op cliënt.",
                "Bevordert de dialoog tussen mensen die indirect betrokken zijn bij het \
                 begeleidingstraject.",
            ],
            questions: &[Question::text(
                "initial.c3.environmental_sensitivity.q1",
                C3_QUESTION,
            )],
        },
        Part {
            code: "communication",
            title: "Effectief communiceren",
            criterion: Some(
                "Is in staat om ideeën, meningen en informatie in verbale en non-verbale \
                 communicatie over te dragen.",
            ),
            indicators: &[
                "Bouwt en onderhoudt een vertrouwensrelatie met cliënt, werkgever, (persoonlijke \
                 en professionele) netwerk van cliënt en/of opdrachtgever.",
                "Stemt taal en spreektempo af op het niveau van cliënt, werkgever, (persoonlijke \
                 en professionele) netwerk van cliënt en/of opdrachtgever.",
                "Leidt de gesprekken doelgericht naar resultaat en komt tot zinvolle afspraken.",
                "Luistert actief, vat samen en vraagt door, stelt open en uitnodigende vragen.",
                "Reflecteert en confronteert en maakt onderwerpen bespreekbaar met respect voor de \
                 relatie.",
                "Heeft begrip voor weerstanden en is in staat deze (te laten) ombuigen.",
                "Motiveert, inspireert en ondersteunt werkgever bij de plaatsing.",
                "Zet cliënt aan tot zelfsturing, afgestemd op de mogelijkheden en omstandigheden \
                 van de cliënt.",
                "Motiveert, inspireert en ondersteunt cliënt om het beste uit zichzelf te halen.",
                "Is in staat om aan te sluiten op de leerstijl van de cliënt.",
                "Kan helder presenteren en rapporteren en kan, zo nodig, digitale middelen \
                 inzetten.",
                "Kan mondeling en schriftelijk rapporteren over de voortgang van het proces.",
            ],
            questions: &[Question::text("initial.c3.communication.q1", C3_QUESTION)],
        },
        Part {
            code: "advising",
            title: "Adviseren",
            criterion: Some(
                "Is in staat om vanuit expertise het inzicht van cliënt, werkgever en/of \
                 opdrachtgever in zijn situatie en mogelijkheden te verruimen.",
            ),
            indicators: &[
                "Doet voorstellen voor aanpak en oplossingsrichtingen en benoemt daarvan de voor- \
                 en nadelen.",
                "Reikt heldere en passende informatie, voorstellen en ideeën aan.",
                "Legt verbanden met de context van de situatie van cliënt, zijn (sociale en \
                 professionele) netwerk en/of werkgever.",
                "Reikt actuele informatie over relevante wet- en regelgeving en re-integratie \
                 instrument aan aan cliënt en werkgever.",
                "Bespreekt met werkgever de verschillende begeleidingsmogelijkheden en geeft \
                 (werktechnische) adviezen.",
            ],
            questions: &[Question::text("initial.c3.advising.q1", C3_QUESTION)],
        },
        Part {
            code: "coaching",
            title: "Coachen",
            criterion: Some(
                "Is in staat om cliënt te stimuleren tot zelfstandig en ondernemend gedrag op het \
                 gebied van loopbaan, werk, leren en/of ontwikkelen.",
            ),
            indicators: &[
                "Moedigt een onderzoekende houding aan.",
                "Luistert actief, vanuit gelijkwaardigheid en zonder oordeel naar het verhaal van \
                 cliënt en/of werkgever.",
                "Stelt open en explorerende vragen.",
                "Evalueert samen met cliënt en/of werkgever de eerder opgedane ervaringen en \
                 onderzoekt wat werkt en wat niet.",
                "Daagt cliënt en/of werkgever uit om zelf oplossingsrichtingen te bedenken.",
                "Stimuleert cliënt tot het al dan niet maken van keuzes en om tot actie over te \
                 gaan.",
                "Ondersteunt werkgever bij de begeleiding van cliënt.",
            ],
            questions: &[Question::text("initial.c3.coaching.q1", C3_QUESTION)],
        },
    ],
};

const C4: Section = Section {
    code: "C4",
    title: "Professionele attitude",
    criterion: "Om je professionele houding toe te lichten werk je per onderdeel de bijbehorende \
        vraag uit. Je gebruikt hiervoor een concrete situatie uit het begeleidingstraject. Doe dit \
        voor alle vragen.",
    explanation: None,
    deliverables: &["Per onderdeel een antwoord op de vraag, als reflectie op je \
        trajectbeschrijving."],
    conditions: &[],
    questions: &[],
    parts: &[
        Part {
            code: "ethics",
            title: "Ethisch handelen",
            criterion: Some(
                "Je verklaart te handelen volgens de ethische beroepsstandaard en onderschrijft de \
                 Noloc gedragscode. Je erkent het Reglement voor Klachtenbehandeling van Noloc. Je \
                 bent in staat ethisch en integer te handelen en hierop te reflecteren.",
            ),
            indicators: &[],
            questions: &[Question::text(
                "initial.c4.ethics.q1",
                "Waar in dit begeleidingstraject speelde ethisch handelen een rol? Waar stond het \
                 onder druk? Waaraan merkte je dat? Wat heb je gedaan met dit signaal?",
            )],
        },
        Part {
            code: "self_reflection",
            title: "Zelfreflectie",
            criterion: Some(
                "Je reflecteert actief en beschikt over het vermogen je eigen handelen, \
                 gedachten, gevoelens en herinneringen te overdenken, te doorgronden en daarvan te \
                 leren. Je bent kritisch naar jezelf en stelt daarvoor een aantal onderzoekende \
                 vragen. Welke rol heb ik aangenomen? Welke keuzemogelijkheden had ik en welke \
                 keuzes heb ik gemaakt? Waarom heb ik die keuzes gemaakt? Wat was het effect \
                 hiervan? Wat betekenen de antwoorden op de vragen voor mijn gedrag in de \
                 toekomst?",
            ),
            indicators: &[],
            questions: &[Question::text(
                "initial.c4.self_reflection.q1",
                "Kijk terug op je rol in dit begeleidingstraject. Wat was het effect (positief en \
                 negatief) van je rol? Waar ga je de volgende keer op letten en wat wil je anders \
                 of juist vaker doen?",
            )],
        },
        Part {
            code: "development",
            title: "Professionele en persoonlijke ontwikkeling",
            criterion: Some(
                "Je investeert actief en continu in je professionele en persoonlijke \
                 ontwikkeling. Het doel is om zo je deskundigheid te vergroten, de kwaliteit van \
                 je dienstverlening te verbeteren en om afgestemd te blijven op ontwikkelingen die \
                 van invloed zijn op zowel de inhoud van de begeleiding als de vorm waarin \
                 begeleiding in dit digitale tijdperk plaats vindt.",
            ),
            indicators: &[],
            questions: &[Question::text(
                "initial.c4.development.q1",
                "Welke inzichten, leer- en/of ontwikkelpunten haal je voor jezelf uit dit \
                 begeleidingstraject? Hoe wil je dat inzetten in de toekomst?",
            )],
        },
        Part {
            code: "inclusion",
            title: "Diversiteit en inclusiviteit",
            criterion: Some(
                "Je denkt en handelt vanuit een brede, inclusieve en cultureel diverse visie op de \
                 samenleving en maatschappij.",
            ),
            indicators: &[],
            questions: &[Question::text(
                "initial.c4.inclusion.q1",
                "Waaruit blijkt je inclusieve blik? Kun je dat onderbouwen met voorbeelden? Waar \
                 zat een uitdaging, vraag, twijfel in het beschreven traject? Wat neem je daarvan \
                 mee naar de toekomst? Heeft het je blik veranderd?",
            )],
        },
    ],
};

const D: Section = Section {
    code: "D",
    title: "Ontwikkelplan",
    criterion: "Naast vakbekwaam zijn is ook vakbekwaam blijven belangrijk. Je beschrijft je \
        visie op je toekomstige persoonlijke en professionele ontwikkeling.",
    explanation: Some(
        "Dit ontwikkelplan heeft geen invloed op de kwalitatieve beoordeling van je portfolio.",
    ),
    deliverables: &["Antwoorden op de drie vragen van het ontwikkelplan."],
    conditions: &[],
    questions: &[
        Question::text(
            "initial.d.q1",
            "Wat heeft het maken van dit portfolio je opgeleverd aan inzichten, leerpunten en \
             uitdagingen ten aanzien van je professionele en persoonlijke ontwikkeling?",
        ),
        Question::text(
            "initial.d.q2",
            "Aan welke onderwerpen/thema’s wil je de komende periode aandacht geven en wat gaat \
             jou dat brengen?",
        )
        .guidance(
            "Je kunt hier ook breder kijken, door naast je ambitie ook de ontwikkelingen in het \
             vakgebied en/of maatschappij te betrekken.",
        ),
        Question::text(
            "initial.d.q3",
            "Welke concrete stappen ga je zetten om de onderwerpen/thema’s die je bij vraag 2 hebt \
             genoemd vorm te geven? Hoe ga je je voornemens monitoren?",
        ),
    ],
    parts: &[],
};

const E: Section = Section {
    code: "E",
    title: "Verklaring",
    criterion: "Je verklaart dat je de gedragscode hebt gelezen, dat je vanuit deze \
        gedragsregels werkt en dat je kennis hebt van het klachtenreglement.",
    explanation: None,
    deliverables: &["Verklaring in het digitale portfolio."],
    conditions: &[],
    questions: &[Question::new(
        "initial.e.q1",
        InputKind::Declaration,
        "Ik verklaar dat ik de gedragscode heb gelezen, dat ik vanuit deze gedragsregels werk en \
         dat ik kennis heb van het klachtenreglement.",
    )],
    parts: &[],
};
