//! The privacy statement (AVG), versioned: a person accepts [`VERSION`] at
//! sign-up and again after it changes. The text is shown at
//! `/privacyverklaring`; change [`VERSION`] and [`DATE`] with every change of
//! substance, so everyone is asked again.

/// Bumped whenever the text changes in substance.
pub const VERSION: &str = "2026-12-01";
/// The day this version applies from (`YYYY-MM-DD`).
pub const DATE: &str = "2026-12-01";

/// Heading and paragraphs.
pub const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Wie wij zijn",
        &[
            "Het Register Jobcoach beheert dit digitale portfolio voor het keurmerk Register \
           Jobcoach en is verantwoordelijk voor de gegevens die je hier invoert.",
        ],
    ),
    (
        "Welke gegevens wij verwerken",
        &[
            "Je naam en e-mailadres, je rollen, je passkeys (alleen hun openbare sleutel en \
             naam), je sessies (tijdstippen en IP-adres) en wat je in je portfolio schrijft en \
             aanlevert.",
            "Voor de administratie: je inschrijving als lid of externe aansluiter, facturen en \
             certificaten.",
            "Een auditlog van wat er met je account gebeurt (inloggen, wijzigingen), voor de \
             beveiliging.",
        ],
    ),
    (
        "Waarvoor",
        &[
            "Om je portfolio te laten beoordelen, je certificaat in het register te vermelden, \
           te factureren en je account te beveiligen. Wij verkopen niets en delen niets met \
           anderen dan je mentor en beoordelaars van je eigen portfolio.",
        ],
    ),
    (
        "Over je cliënten",
        &[
            "Schrijf anoniem over cliënten. De editor waarschuwt als een antwoord iets lijkt te \
           bevatten als een naam, telefoonnummer, BSN of adres.",
        ],
    ),
    (
        "Hoe lang",
        &[
            "Portfolio's van accounts die twee jaar niet hebben ingelogd, verwijderen wij; \
             dertig dagen ervoor krijg je een e-mail.",
            "Facturen bewaren wij zeven jaar (fiscale bewaarplicht), certificaten zolang ze \
             geldig zijn.",
        ],
    ),
    (
        "Je rechten",
        &[
            "Op de pagina Mijn gegevens download je alles wat wij van je hebben, en verwijder je \
           je account. Wat wij dan moeten bewaren, staat daar met de reden erbij. Vragen of een \
           klacht: mail de beheerder; je kunt ook een klacht indienen bij de Autoriteit \
           Persoonsgegevens.",
        ],
    ),
];
