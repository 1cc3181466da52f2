//! One account: its roles (grant, revoke) and whether it is active.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::admin::{
    ClearLoginLock, GrantRole, RevokeRole, SetAccountActive, account_detail, grantable_stations,
};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param, url_param};
use crate::components::form::select::{RoleSelect, StationSearch, StationSelect};
use crate::components::layout::page_error::PageError;
use crate::error::AppError;
use crate::i18n::t;

/// An account's details with the actions this admin may take on it.
#[component]
pub fn AccountPage() -> impl IntoView {
    let id = path_id();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(id) = id else {
                    return view! { <PageError error=AppError::NotFound/> }.into_any();
                };
                let (detail, stations) = match (account_detail(id).await, grantable_stations(url_param("station_q").unwrap_or_default()).await) {
                    (Ok(d), Ok(s)) => (d, s),
                    (Err(error), _) | (_, Err(error)) => return view! { <PageError error/> }.into_any(),
                };
                let account = detail.account;
                let account_id = account.id;
                let manage = detail.can_manage;
                let grant = ServerAction::<GrantRole>::new();
                let active_action = ServerAction::<SetAccountActive>::new();
                let clear_lock = ServerAction::<ClearLoginLock>::new();
                view! {
                    <section class="card">
                        <p><a href="/admin/accounts">{t!("accounts.back")}</a></p>
                        <h1 data-testid="account-name">{account.display_name.clone()}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <dl class="facts">
                            <dt>{t!("accounts.username")}</dt>
                            <dd>{account.username.clone()}</dd>
                            <dt>{t!("accounts.mobile")}</dt>
                            <dd>{account.mobile_masked.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                            <dt>{t!("accounts.status")}</dt>
                            <dd data-testid="account-status">
                                {if account.active { t!("accounts.active") } else { t!("accounts.inactive") }}
                            </dd>
                        </dl>
                        <p><a href=format!("/growth/portfolio/{}", account.id) data-testid="account-portfolio">{t!("nav.portfolio")}</a></p>
                        <h2>{t!("accounts.roles")}</h2>
                        <ul class="list" data-testid="account-roles">
                            {account
                                .roles
                                .clone()
                                .into_iter()
                                .map(|g| {
                                    let revoke = ServerAction::<RevokeRole>::new();
                                    view! {
                                        <li class="row-between">
                                            <span>{t(g.role.label_key())}" · "{g.station_name}</span>
                                            {manage
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=revoke attr:class="inline">
                                                            <input type="hidden" name="account_id" value=account_id/>
                                                            <input type="hidden" name="grant_id" value=g.id/>
                                                            <button type="submit" class="button small">{t!("accounts.revoke")}</button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                    {(manage && (!stations.stations.is_empty() || stations.needs_search()))
                        .then(|| {
                            view! {
                                <section class="card">
                                    <h2>{t!("accounts.grant")}</h2>
                                    <StationSearch choices=stations.clone()/>
                                    <ActionForm action=grant>
                                        <input type="hidden" name="account_id" value=account_id/>
                                        <RoleSelect selected=None error=None/>
                                        <StationSelect stations selected=None error=None/>
                                        <button type="submit" class="button primary">{t!("accounts.grant_submit")}</button>
                                    </ActionForm>
                                </section>
                            }
                        })}
                    {manage
                        .then(|| {
                            let (value, label) = if account.active {
                                ("false", t!("accounts.deactivate"))
                            } else {
                                ("true", t!("accounts.reactivate"))
                            };
                            view! {
                                <section class="card">
                                    <ActionForm action=active_action>
                                        <input type="hidden" name="account_id" value=account_id/>
                                        <input type="hidden" name="active" value=value/>
                                        <p class="muted">{t!("accounts.never_deleted")}</p>
                                        <button type="submit" class="button danger">{label}</button>
                                    </ActionForm>
                                </section>
                            }
                        })}
                    {(manage && detail.login_locked)
                        .then(|| {
                            view! {
                                <section class="card" data-testid="login-locked">
                                    <p>{t!("accounts.login_locked")}</p>
                                    <ActionForm action=clear_lock>
                                        <input type="hidden" name="account_id" value=account_id/>
                                        <button type="submit" class="button">{t!("accounts.clear_lock")}</button>
                                    </ActionForm>
                                </section>
                            }
                        })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
