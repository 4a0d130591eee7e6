//! The choices of the route questions (A1 base education, A2 jobcoach
//! training and institution) with their Dutch labels, shared by the
//! self-check and the "Nieuw portfolio" form.

use shared::rules::route::{BaseEducationKind, Institution, TrainingKind};

pub const BASE_EDUCATION: [(BaseEducationKind, &str); 5] = [
    (BaseEducationKind::Hbo, "Hbo-diploma"),
    (BaseEducationKind::Wo, "Wo-diploma"),
    (BaseEducationKind::Evc, "EVC-rapport op hbo-niveau"),
    (
        BaseEducationKind::Assessment,
        "Assessmentrapport op hbo-niveau",
    ),
    (BaseEducationKind::NoQualification, "Geen van deze"),
];

pub const TRAINING: [(TrainingKind, &str); 4] = [
    (
        TrainingKind::AccreditedDiploma,
        "Geaccrediteerd jobcoachdiploma",
    ),
    (TrainingKind::OtherJobcoachDiploma, "Ander jobcoachdiploma"),
    (TrainingKind::OtherCourses, "Andere relevante cursussen"),
    (TrainingKind::NoTraining, "Geen jobcoachopleiding"),
];

pub const INSTITUTIONS: [Institution; 5] = [
    Institution::SaraWerkt,
    Institution::Capabel,
    Institution::Combo,
    Institution::Elan,
    Institution::Saxion,
];
