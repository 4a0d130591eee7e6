//! The pages beyond the home page come in wasm chunks (issue 16): a
//! candidate's first load carries the shell and the part opened, not the
//! administration, assessment or mentor screens. `cargo leptos build
//! --split` cuts the wasm at each `#[lazy]` function; the server names the
//! chunks a page uses in its `<head>`, so the browser fetches them alongside
//! the main module, and the service worker precaches those of the pages that
//! work offline (public/sw.js).
//!
//! One split point per group of pages people use together, not one per
//! page: code two split points share goes into a chunk of its own, so a
//! split point per page made the editor need 162 tiny files, and eight
//! groups still 52.
//!
//! A page in a chunk hydrates after that chunk has arrived, later than the
//! shell; each marks when it has (`hydration::Hydrated`).

use crate::hydration::Hydrated;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// Defines a group: one `#[lazy]` function (one chunk) rendering any of its
/// pages, and a route type per page that loads it. The data half of each
/// route is empty: pages start their own resources once the chunk is here.
macro_rules! page_group {
    (
        $(#[$doc:meta])*
        $view:ident, $preload:ident, $pages:ident {
            $($route:ident => $($module:ident)::+ :: { $page:ident } $(, $hydrated:ident)?;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        pub enum $pages {
            $($route,)+
        }

        #[leptos::lazy]
        fn $view(page: $pages) -> AnyView {
            match page {
                $($pages::$route => {
                    use crate::$($module)::+::$page;
                    page_group!(@view $page $(, $hydrated)?)
                })+
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    $view($pages::$route).await
                }

                // The router hydrates a page only after this: without it the
                // first render in the browser finds the chunk missing and no
                // longer matches the server's HTML.
                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )+
    };
    (@view $page:ident) => {
        view! { <$page/> <Hydrated/> }.into_any()
    };
    // A frame around other pages (with an `<Outlet/>`), in the same chunk
    // and so hydrated with them; it marks hydration too, for when it shows
    // no page inside (the administration's guard for a non-admin).
    (@view $page:ident, frame) => {
        view! { <$page/> <Hydrated/> }.into_any()
    };
}

page_group! {
    /// The editor: what a candidate works in, offline too.
    editor_view, __preload_editor_view, EditorPages {
        PortfolioRoute => portfolio::{PortfolioPage};
    }
}

page_group! {
    /// The self-check, before anyone has an account.
    self_check_view, __preload_self_check_view, SelfCheckPages {
        SelfCheckRoute => self_check::{SelfCheckPage};
    }
}

page_group! {
    /// Getting in: signing up, signing in, recovery, invitations, e-mail
    /// verification, the first admin's set-up.
    entry_view, __preload_entry_view, EntryPages {
        SignUpRoute => auth::sign_up_page::{SignUpPage};
        SignInRoute => auth::sign_in_page::{SignInPage};
        RecoveryRoute => auth::recovery_page::{RecoveryPage};
        InvitationRoute => auth::invitation_page::{InvitationPage};
        VerifyEmailRoute => auth::verify_email::{VerifyEmailPage};
        SetupRoute => setup::{SetupPage};
    }
}

page_group! {
    /// The public register and its entries.
    register_view, __preload_register_view, RegisterPages {
        RegisterRoute => administration::register_page::{RegisterPage};
        RegisterEntryRoute => dossier::register_entry::{RegisterEntryPage};
    }
}

page_group! {
    /// A signed-in person's own affairs: account, data, privacy, signing,
    /// submitting, affiliation and invoices.
    own_view, __preload_own_view, OwnPages {
        AccountRoute => auth::account_page::{AccountPage};
        MyDataRoute => dossier::my_data::{MyDataPage};
        PrivacyRoute => dossier::privacy_page::{PrivacyPage};
        SigningRoute => signing::{SigningPage};
        SubmitRoute => assessment::{SubmitPage};
        AffiliateRoute => administration::affiliate_page::{AffiliatePage};
        InvoiceRoute => administration::invoice_page::{InvoicePage};
    }
}

page_group! {
    /// The screens of the people who run and judge the register: the
    /// administration (accounts, invoices, fees, relations, certificates),
    /// assessors and the certifying body, mentors. One chunk: they are
    /// opened by few, mostly at a desk, and each group more multiplies the
    /// small chunks of code that groups share.
    staff_view, __preload_staff_view, StaffPages {
        AdminRoute => auth::admin_page::{AdminPage};
        AdminLayoutRoute => administration::admin::{AdminLayout}, frame;
        OverviewRoute => administration::admin::{OverviewPage};
        InvoicesRoute => administration::admin::{InvoicesPage};
        FeesRoute => administration::admin::{FeesPage};
        RelationsRoute => administration::admin::{RelationsPage};
        CertificatesRoute => administration::admin::{CertificatesPage};
        SubmissionsRoute => assessment::{SubmissionsPage};
        SubmissionRoute => assessment::{SubmissionPage};
        MentorCandidatesRoute => mentors::candidates_page::{CandidatesPage};
        MentorReadRoute => mentors::read_page::{ReadPage};
    }
}
