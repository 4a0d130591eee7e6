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
        (EditPortfolio, Resource::Portfolio(p)) => is_owner(actor, p),
        (CommentOnPortfolio, Resource::Portfolio(p)) => is_mentor(actor, p),
        (AssessPortfolio, Resource::Portfolio(p)) => is_assessor(actor, p),
        (
            ManageFees | ManageInvoices | ManageCertificates | ManageRegistrations,
            Resource::System,
        ) => admin,
        (ReadInvoice, Resource::Invoice { owner }) => admin || *owner == Some(actor.id),
        (ReadOwnRegistration, Resource::Account(id)) => *id == actor.id,
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
        for role in [Role::Candidate, Role::Mentor, Role::Assessor] {
            let a = actor(&[role]);
            for action in [
                Action::CreateInvitation,
                Action::ReadAuditLog,
                Action::IssueRecoveryLink,
                Action::ChangeRoles,
                Action::ListAccounts,
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
        assert!(can(&mentor, Action::CommentOnPortfolio, &r));
        assert!(can(&assessor, Action::AssessPortfolio, &r));
        assert!(!can(&assessor, Action::CommentOnPortfolio, &r));
        for action in [
            Action::ViewPortfolio,
            Action::EditPortfolio,
            Action::CommentOnPortfolio,
            Action::AssessPortfolio,
        ] {
            assert!(!can(&stranger, action, &r), "{action:?}");
        }
    }
}
