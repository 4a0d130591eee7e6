//! The one place that decides who may do what. Handlers load the facts
//! (who is asking, which resource, how they relate) and ask [`can`] or
//! [`require`]; they never compare roles themselves. Later features add
//! their actions and resources here, next to the rules for them.
//!
//! Not being signed in is answered earlier, by the `Session` extractor (401);
//! a signed-in person who may not do something gets 403 from [`require`].

use crate::error::ApiError;
use serde::Serialize;
use uuid::Uuid;

/// A person's roles: defined in `shared` (the app shows and compares them
/// too), named here as before.
pub use shared::domain::Role;

/// Who is asking: a signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See an account's details and passkeys.
    ReadAccount,
    /// Add, rename or remove passkeys, sign out everywhere.
    ManageOwnCredentials,
    ListAccounts,
    CreateInvitation,
    ReadAuditLog,
    IssueRecoveryLink,
    ChangeRoles,
    /// Portfolio actions: the rules are here already so that the portfolio
    /// feature only has to load the relations.
    ViewPortfolio,
    EditPortfolio,
    CommentOnPortfolio,
    AssessPortfolio,
    /// Ask a third party to sign one of the portfolio's declarations
    /// ("Laten ondertekenen"): its owner only.
    RequestSignature,
    /// Administration of the register: fee tables and VAT rates.
    ManageFees,
    /// Issue, mark paid, credit invoices; the annual register-fee run.
    ManageInvoices,
    /// Add and import certificates.
    ManageCertificates,
    /// Members, external affiliates and the link to their accounts.
    ManageRegistrations,
    /// One invoice: admins, and the person it is addressed to.
    ReadInvoice,
    /// A person's own registration, invoices and certificates.
    ReadOwnRegistration,
    /// How the installation is set up (limits, whether uploads are
    /// scanned): admins.
    ReadSystemStatus,
    // Dossier (issue 15): one's own data under the AVG.
    /// Download everything held about oneself.
    ExportOwnData,
    /// Erase one's own account (confirmed with a passkey).
    EraseOwnAccount,
    /// Read one's own PE statements as mentor or assessor (category 4).
    ReadOwnPeStatements,
    /// Read and accept the privacy statement for oneself.
    AcceptPrivacyStatement,
    // Mentors and comments (issue 13).
    /// A candidate invites mentors and ends their access.
    ManageOwnMentors,
    /// A mentor lists the candidates who linked them.
    ListOwnCandidates,
    /// Admins see and change every candidate's mentors.
    ManageMentorLinks,
    /// Read a portfolio's comments: its owner and linked mentors only
    /// (never assessors, nor admins).
    ReadComments,
    /// Reply in a comment's thread: the owner and linked mentors.
    ReplyToComment,
    /// Mark a thread done, take or decline a suggestion: the owner.
    HandleComment,
    /// Change or remove a comment: its author, while still linked.
    EditComment,
    // ---- Submission and assessment (assessment helper) ----
    /// Submit one's own portfolio for assessment.
    SubmitPortfolio,
    /// See a submission: its candidate, its assigned assessors, certifiers.
    ReadSubmission,
    /// Certifier: assign assessors.
    AssignAssessors,
    /// An assigned assessor: confirm independence, judge, seal, offer
    /// interview slots, record the interview and the joint advice.
    JudgeSubmission,
    /// The candidate: pick an interview slot, lodge an objection.
    RespondToSubmission,
    /// Certifier: record the decision, handle objections.
    DecideSubmission,
    /// Certifier: the list of people who can be assigned as assessor.
    ListAssessors,
    // Dossier (issue 15).
    /// A certificate as a document (its PDF): its holder, admins (who
    /// administer certificates) and certifiers (who issue them).
    ReadCertificate,
}

/// What an action is about, with the relations the rules need.
#[derive(Clone, Debug)]
pub enum Resource<'a> {
    /// The installation as a whole: administration.
    System,
    /// One person's account.
    Account(Uuid),
    Portfolio(&'a PortfolioRelations),
    /// An invoice; `owner` is the account linked to its buyer, if any.
    Invoice {
        owner: Option<Uuid>,
    },
    /// A comment on a portfolio, by `author`.
    Comment {
        portfolio: &'a PortfolioRelations,
        author: Uuid,
    },
    Submission(&'a SubmissionRelations),
    /// A certificate; `holder`: it is the asker's own.
    Certificate {
        holder: bool,
    },
}

/// Who a submission concerns: its candidate and its assigned assessors.
/// Certifiers are concerned with every submission.
#[derive(Clone, Debug, Default)]
pub struct SubmissionRelations {
    pub candidate: Uuid,
    pub assessors: Vec<Uuid>,
}

/// Candidates own portfolios, mentors are linked to candidates, assessors
/// are assigned to portfolios.
#[derive(Clone, Debug, Default)]
pub struct PortfolioRelations {
    pub owner: Uuid,
    pub mentors: Vec<Uuid>,
    pub assessors: Vec<Uuid>,
}

pub fn can(actor: &Actor, action: Action, resource: &Resource<'_>) -> bool {
    use Action::*;
    let admin = actor.has(Role::Admin);
    match (action, resource) {
        (ReadAccount, Resource::Account(id)) => *id == actor.id || admin,
        (ManageOwnCredentials, Resource::Account(id)) => *id == actor.id,
        (
            ListAccounts | CreateInvitation | ReadAuditLog | IssueRecoveryLink | ChangeRoles,
            Resource::System | Resource::Account(_),
        ) => admin,
        (ViewPortfolio, Resource::Portfolio(p)) => {
            is_owner(actor, p) || is_mentor(actor, p) || is_assessor(actor, p) || admin
        }
        (EditPortfolio | RequestSignature, Resource::Portfolio(p)) => is_owner(actor, p),
        (CommentOnPortfolio, Resource::Portfolio(p)) => is_mentor(actor, p),
        (AssessPortfolio, Resource::Portfolio(p)) => is_assessor(actor, p),
        (
            ManageFees | ManageInvoices | ManageCertificates | ManageRegistrations,
            Resource::System,
        ) => admin,
        (ReadInvoice, Resource::Invoice { owner }) => admin || *owner == Some(actor.id),
        (ReadOwnRegistration, Resource::Account(id)) => *id == actor.id,
        (ReadSystemStatus, Resource::System) => admin,
        // Dossier: only the person themselves, admins included (an admin
        // erasing or exporting someone else is not a self-service action).
        (ExportOwnData | EraseOwnAccount | AcceptPrivacyStatement, Resource::Account(id)) => {
            *id == actor.id
        }
        // Only the records of one's own work; whether there is a statement
        // for a year is the records' answer (404), not the policy's.
        (ReadOwnPeStatements, Resource::Account(id)) => *id == actor.id,
        (ManageOwnMentors, Resource::Account(id)) => *id == actor.id && actor.has(Role::Candidate),
        (ListOwnCandidates, Resource::Account(id)) => *id == actor.id && actor.has(Role::Mentor),
        (ManageMentorLinks, Resource::System) => admin,
        (ReadComments | ReplyToComment, Resource::Portfolio(p)) => {
            is_owner(actor, p) || is_mentor(actor, p)
        }
        (HandleComment, Resource::Portfolio(p)) => is_owner(actor, p),
        (EditComment, Resource::Comment { portfolio, author }) => {
            is_mentor(actor, portfolio) && *author == actor.id
        }
        (SubmitPortfolio, Resource::Portfolio(p)) => is_owner(actor, p),
        (ReadSubmission, Resource::Submission(s)) => {
            is_candidate_of(actor, s) || is_assigned(actor, s) || actor.has(Role::Certifier)
        }
        (JudgeSubmission, Resource::Submission(s)) => is_assigned(actor, s),
        (RespondToSubmission, Resource::Submission(s)) => is_candidate_of(actor, s),
        (AssignAssessors | DecideSubmission, Resource::Submission(_)) => actor.has(Role::Certifier),
        (ListAssessors, Resource::System) => actor.has(Role::Certifier),
        (ReadCertificate, Resource::Certificate { holder }) => {
            *holder || admin || actor.has(Role::Certifier)
        }
        _ => false,
    }
}

/// [`can`] as a handler guard: 403 with the API's error shape when not allowed.
pub fn require(actor: &Actor, action: Action, resource: &Resource<'_>) -> Result<(), ApiError> {
    if can(actor, action, resource) {
        Ok(())
    } else {
        Err(forbidden())
    }
}

pub fn forbidden() -> ApiError {
    ApiError::Forbidden
}

fn is_owner(actor: &Actor, p: &PortfolioRelations) -> bool {
    actor.has(Role::Candidate) && p.owner == actor.id
}

fn is_mentor(actor: &Actor, p: &PortfolioRelations) -> bool {
    actor.has(Role::Mentor) && p.mentors.contains(&actor.id)
}

fn is_assessor(actor: &Actor, p: &PortfolioRelations) -> bool {
    actor.has(Role::Assessor) && p.assessors.contains(&actor.id)
}

fn is_candidate_of(actor: &Actor, s: &SubmissionRelations) -> bool {
    actor.has(Role::Candidate) && s.candidate == actor.id
}

fn is_assigned(actor: &Actor, s: &SubmissionRelations) -> bool {
    actor.has(Role::Assessor) && s.assessors.contains(&actor.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            id: Uuid::new_v4(),
            name: "Test".into(),
            email: "t@example.nl".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn only_admins_administer() {
        for role in [
            Role::Candidate,
            Role::Mentor,
            Role::Assessor,
            Role::Certifier,
        ] {
            let a = actor(&[role]);
            for action in [
                Action::CreateInvitation,
                Action::ReadAuditLog,
                Action::IssueRecoveryLink,
                Action::ChangeRoles,
                Action::ListAccounts,
                Action::ReadSystemStatus,
            ] {
                assert!(!can(&a, action, &Resource::System), "{role:?} {action:?}");
            }
        }
        let admin = actor(&[Role::Admin]);
        assert!(can(&admin, Action::ReadAuditLog, &Resource::System));
        assert!(can(
            &admin,
            Action::ChangeRoles,
            &Resource::Account(Uuid::new_v4())
        ));
    }

    #[test]
    fn people_manage_only_their_own_credentials() {
        let a = actor(&[Role::Admin]);
        assert!(can(
            &a,
            Action::ManageOwnCredentials,
            &Resource::Account(a.id)
        ));
        let other = Resource::Account(Uuid::new_v4());
        assert!(!can(&a, Action::ManageOwnCredentials, &other));
        assert!(
            can(&a, Action::ReadAccount, &other),
            "admins may read accounts"
        );
        let c = actor(&[Role::Candidate]);
        assert!(!can(&c, Action::ReadAccount, &other));
    }

    #[test]
    fn admins_administer_the_register_and_people_see_their_own_invoices() {
        let admin = actor(&[Role::Admin]);
        let candidate = actor(&[Role::Candidate]);
        for action in [
            Action::ManageFees,
            Action::ManageInvoices,
            Action::ManageCertificates,
            Action::ManageRegistrations,
        ] {
            assert!(can(&admin, action, &Resource::System), "{action:?}");
            for role in [Role::Candidate, Role::Mentor, Role::Assessor] {
                assert!(
                    !can(&actor(&[role]), action, &Resource::System),
                    "{role:?} {action:?}"
                );
            }
        }
        let own = Resource::Invoice {
            owner: Some(candidate.id),
        };
        let other = Resource::Invoice {
            owner: Some(Uuid::new_v4()),
        };
        let nobody = Resource::Invoice { owner: None };
        assert!(can(&candidate, Action::ReadInvoice, &own));
        assert!(!can(&candidate, Action::ReadInvoice, &other));
        assert!(!can(&candidate, Action::ReadInvoice, &nobody));
        assert!(can(&admin, Action::ReadInvoice, &other));
        assert!(can(
            &candidate,
            Action::ReadOwnRegistration,
            &Resource::Account(candidate.id)
        ));
        assert!(!can(
            &admin,
            Action::ReadOwnRegistration,
            &Resource::Account(candidate.id)
        ));
    }

    #[test]
    fn portfolio_access_follows_relations_and_roles() {
        let owner = actor(&[Role::Candidate]);
        let mentor = actor(&[Role::Mentor]);
        let assessor = actor(&[Role::Assessor]);
        let stranger = actor(&[Role::Mentor, Role::Assessor, Role::Candidate]);
        let p = PortfolioRelations {
            owner: owner.id,
            mentors: vec![mentor.id],
            assessors: vec![assessor.id],
        };
        let r = Resource::Portfolio(&p);
        assert!(can(&owner, Action::EditPortfolio, &r));
        assert!(!can(&mentor, Action::EditPortfolio, &r));
        assert!(can(&owner, Action::RequestSignature, &r));
        let admin = actor(&[Role::Admin]);
        assert!(can(&admin, Action::ViewPortfolio, &r));
        assert!(!can(&admin, Action::RequestSignature, &r));
        assert!(!can(&mentor, Action::RequestSignature, &r));
        assert!(can(&mentor, Action::CommentOnPortfolio, &r));
        assert!(can(&assessor, Action::AssessPortfolio, &r));
        assert!(!can(&assessor, Action::CommentOnPortfolio, &r));
        for action in [
            Action::ViewPortfolio,
            Action::EditPortfolio,
            Action::CommentOnPortfolio,
            Action::AssessPortfolio,
            Action::RequestSignature,
            Action::ReadComments,
            Action::ReplyToComment,
            Action::HandleComment,
        ] {
            assert!(!can(&stranger, action, &r), "{action:?}");
        }
    }

    #[test]
    fn comments_are_between_the_candidate_and_linked_mentors() {
        let owner = actor(&[Role::Candidate]);
        let mentor = actor(&[Role::Mentor]);
        let other_mentor = actor(&[Role::Mentor]);
        let assessor = actor(&[Role::Assessor]);
        let admin = actor(&[Role::Admin]);
        let p = PortfolioRelations {
            owner: owner.id,
            mentors: vec![mentor.id, other_mentor.id],
            assessors: vec![assessor.id],
        };
        let r = Resource::Portfolio(&p);
        for a in [&owner, &mentor] {
            assert!(can(a, Action::ReadComments, &r));
            assert!(can(a, Action::ReplyToComment, &r));
        }
        for a in [&assessor, &admin] {
            assert!(!can(a, Action::ReadComments, &r));
            assert!(!can(a, Action::ReplyToComment, &r));
        }
        assert!(can(&owner, Action::HandleComment, &r));
        assert!(!can(&mentor, Action::HandleComment, &r));
        assert!(!can(&owner, Action::CommentOnPortfolio, &r));
        let own = Resource::Comment {
            portfolio: &p,
            author: mentor.id,
        };
        assert!(can(&mentor, Action::EditComment, &own));
        assert!(!can(&other_mentor, Action::EditComment, &own));
        assert!(!can(&owner, Action::EditComment, &own));
        let unlinked = PortfolioRelations {
            owner: owner.id,
            ..PortfolioRelations::default()
        };
        assert!(!can(
            &mentor,
            Action::EditComment,
            &Resource::Comment {
                portfolio: &unlinked,
                author: mentor.id
            }
        ));
        assert!(can(
            &owner,
            Action::ManageOwnMentors,
            &Resource::Account(owner.id)
        ));
        assert!(!can(
            &mentor,
            Action::ManageOwnMentors,
            &Resource::Account(mentor.id)
        ));
        assert!(can(
            &mentor,
            Action::ListOwnCandidates,
            &Resource::Account(mentor.id)
        ));
        assert!(!can(
            &owner,
            Action::ListOwnCandidates,
            &Resource::Account(owner.id)
        ));
        assert!(can(&admin, Action::ManageMentorLinks, &Resource::System));
        assert!(!can(&owner, Action::ManageMentorLinks, &Resource::System));
    }

    #[test]
    fn certificates_are_read_by_their_holder_admins_and_certifiers() {
        let own = Resource::Certificate { holder: true };
        let other = Resource::Certificate { holder: false };
        for role in [Role::Candidate, Role::Mentor, Role::Assessor] {
            assert!(can(&actor(&[role]), Action::ReadCertificate, &own));
            assert!(!can(&actor(&[role]), Action::ReadCertificate, &other));
        }
        for role in [Role::Admin, Role::Certifier] {
            assert!(can(&actor(&[role]), Action::ReadCertificate, &other));
        }
    }

    #[test]
    fn submissions_are_seen_by_their_candidate_assigned_assessors_and_certifiers() {
        let candidate = actor(&[Role::Candidate]);
        let assigned = actor(&[Role::Assessor]);
        let other_assessor = actor(&[Role::Assessor]);
        let certifier = actor(&[Role::Certifier]);
        let admin = actor(&[Role::Admin]);
        let mentor = actor(&[Role::Mentor]);
        let s = SubmissionRelations {
            candidate: candidate.id,
            assessors: vec![assigned.id],
        };
        let r = Resource::Submission(&s);
        for who in [&candidate, &assigned, &certifier] {
            assert!(can(who, Action::ReadSubmission, &r), "{:?}", who.roles);
        }
        for who in [&other_assessor, &admin, &mentor] {
            assert!(!can(who, Action::ReadSubmission, &r), "{:?}", who.roles);
        }
        assert!(can(&assigned, Action::JudgeSubmission, &r));
        assert!(!can(&other_assessor, Action::JudgeSubmission, &r));
        assert!(!can(&certifier, Action::JudgeSubmission, &r));
        assert!(can(&certifier, Action::AssignAssessors, &r));
        assert!(can(&certifier, Action::DecideSubmission, &r));
        for who in [&candidate, &assigned, &admin] {
            assert!(!can(who, Action::AssignAssessors, &r));
            assert!(!can(who, Action::DecideSubmission, &r));
        }
        assert!(can(&candidate, Action::RespondToSubmission, &r));
        assert!(!can(&certifier, Action::RespondToSubmission, &r));
        // An assessor's role alone is not enough: the assignment is.
        let unassigned_role = SubmissionRelations {
            candidate: candidate.id,
            assessors: vec![mentor.id],
        };
        assert!(!can(
            &mentor,
            Action::JudgeSubmission,
            &Resource::Submission(&unassigned_role)
        ));
        let p = PortfolioRelations {
            owner: candidate.id,
            ..PortfolioRelations::default()
        };
        assert!(can(
            &candidate,
            Action::SubmitPortfolio,
            &Resource::Portfolio(&p)
        ));
        assert!(!can(
            &admin,
            Action::SubmitPortfolio,
            &Resource::Portfolio(&p)
        ));
    }
}
