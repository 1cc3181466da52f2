//! The route table, nothing else.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::page_frame::PageFrame;
use crate::i18n::t;
use crate::pages;

/// The whole app: every page is rendered on the server, completely (`SsrMode::Async`), so
/// status codes and redirects are right and nothing depends on JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text=t!("app.name")/>
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <ParentRoute path=path!("") view=PageFrame ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::home::dashboard::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("login") view=pages::auth::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("sign-out") view=pages::auth::sign_out::SignOutPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("account/password")
                        view=pages::account::password::PasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("stations") view=pages::home::stations::StationsPage ssr=SsrMode::Async/>
                    <Route path=path!("overview") view=pages::home::overview::OverviewPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("admin/accounts")
                        view=pages::admin::accounts::AccountsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("admin/accounts/new")
                        view=pages::admin::account_new::NewAccountPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("admin/accounts/:id")
                        view=pages::admin::account::AccountPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("practice") view=pages::competency::practice_list::PracticeListPage ssr=SsrMode::Async/>
                    <Route path=path!("practice/new") view=pages::competency::practice_new::PracticeNewPage ssr=SsrMode::Async/>
                    <Route path=path!("practice/:id") view=pages::competency::practice_edit::PracticeEditPage ssr=SsrMode::Async/>
                    <Route path=path!("progress") view=pages::competency::progress::ProgressPage ssr=SsrMode::Async/>
                    <Route path=path!("progress/:id") view=pages::competency::progress::ProgressPage ssr=SsrMode::Async/>
                    <Route path=path!("review") view=pages::competency::review_queue::ReviewQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("review/:id") view=pages::competency::review::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("trainees") view=pages::competency::trainees::TraineesPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/frameworks") view=pages::admin::frameworks::FrameworksPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/frameworks/:id") view=pages::admin::framework::FrameworkPage ssr=SsrMode::Async/>
                    <Route path=path!("pairings") view=pages::mentorship::pairings::PairingsPage ssr=SsrMode::Async/>
                    <Route path=path!("oversight") view=pages::mentorship::oversight::OversightPage ssr=SsrMode::Async/>
                    <Route path=path!("supervision") view=pages::mentorship::supervision::SupervisionPage ssr=SsrMode::Async/>
                    <Route path=path!("supervision/new") view=pages::mentorship::session_new::SessionNewPage ssr=SsrMode::Async/>
                    <Route path=path!("supervision/:id") view=pages::mentorship::session::SessionPage ssr=SsrMode::Async/>
                    <Route path=path!("reflections") view=pages::mentorship::reflections::ReflectionsPage ssr=SsrMode::Async/>
                    <Route path=path!("growth") view=pages::growth::mine::GrowthPage ssr=SsrMode::Async/>
                    <Route path=path!("growth/review") view=pages::growth::review::TrainingReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("growth/behind") view=pages::growth::behind::BehindPage ssr=SsrMode::Async/>
                    <Route path=path!("growth/portfolio") view=pages::growth::portfolio::PortfolioPage ssr=SsrMode::Async/>
                    <Route path=path!("growth/portfolio/:id") view=pages::growth::portfolio::PortfolioPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/audit") view=pages::admin::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteers") view=pages::volunteers::roster::RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteers/new") view=pages::volunteers::volunteer_new::VolunteerNewPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteers/import") view=pages::volunteers::import::ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteers/national") view=pages::volunteers::national::NationalPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteers/:id") view=pages::volunteers::volunteer::VolunteerPage ssr=SsrMode::Async/>
                    <Route path=path!("projects") view=pages::volunteers::projects::ProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("projects/:id") view=pages::volunteers::project::ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("activities/:id") view=pages::volunteers::activity::ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("activities/:id/checkin") view=pages::volunteers::checkin_screen::CheckinScreenPage ssr=SsrMode::Async/>
                    <Route path=path!("checkin") view=pages::volunteers::scan_code::ScanCodePage ssr=SsrMode::Async/>
                    <Route path=path!("checkin/:id") view=pages::volunteers::scan::ScanPage ssr=SsrMode::Async/>
                    <Route path=path!("activate") view=pages::auth::activate::ActivatePage ssr=SsrMode::Async/>
                    <Route path=path!("hours") view=pages::volunteers::hours::HoursPage ssr=SsrMode::Async/>
                    <Route path=path!("volunteer-reports") view=pages::volunteers::reports::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("certificates/:id") view=pages::volunteers::certificate::CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("my-hours") view=pages::volunteers::my_hours::MyHoursPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Pages with an island (the password toggle, the Markdown preview): only they load the WASM and
/// the hydration script. Every other page is complete as HTML and its forms post without
/// JavaScript, so a phone downloads nothing more for it.
pub fn page_has_islands(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    matches!(path, "/login" | "/reflections" | "/practice/new")
        || path
            .strip_prefix("/practice/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::page_has_islands;

    #[test]
    fn only_pages_with_an_island_load_the_wasm() {
        for path in [
            "/login",
            "/reflections",
            "/practice/new",
            "/practice/12",
            "/login/",
        ] {
            assert!(page_has_islands(path), "{path}");
        }
        for path in [
            "/",
            "/volunteers",
            "/practice",
            "/practice/x",
            "/progress",
            "/loginx",
        ] {
            assert!(!page_has_islands(path), "{path}");
        }
    }
}
