//! Record a supervision session (督导记录).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::mentorship::{RecordSession, supervision_list};
use crate::components::form::alert::ErrorAlert;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{error_message, t};
use crate::model::mentorship::{CHANNELS, FORMS, FUNCTIONS};

/// Date, length, form, channel, functions, topics, notes, trainees and up to three actions.
#[component]
pub fn SessionNewPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match supervision_list().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let kept = |k: &str| query_param(k).unwrap_or_default();
                let has = |k: &str| query_param(k).is_some();
                let err = |f: &str| {
                    let id = format!("{f}-error");
                    feedback.for_field(f).map(move |c| view! { <p class="field-error" id=id>{error_message(&c)}</p> })
                };
                let [e_held, e_minutes, e_functions, e_trainees, e_topics, e_notes, e_actions, e_items] =
                    ["held_on", "minutes", "functions", "trainees", "topics", "notes", "actions", "items"].map(err);
                let record = ServerAction::<RecordSession>::new();
                let form_value = if kept("form").is_empty() { "individual".to_owned() } else { kept("form") };
                let channel_value = if kept("channel").is_empty() { "in_person".to_owned() } else { kept("channel") };
                let mentees = data.mentees.clone();
                view! {
                    <section class="card">
                        <h1>{t!("supervision.new")}</h1>
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action=record>
                            <div class="two">
                                <div class="field">
                                    <label for="held_on">{t!("supervision.held_on")}</label>
                                    <input id="held_on" name="held_on" type="date" required=true value=if kept("held_on").is_empty() { data.today.to_string() } else { kept("held_on") }/>
                                    {e_held}
                                </div>
                                <div class="field">
                                    <label for="minutes">{t!("supervision.minutes")}</label>
                                    <input id="minutes" name="minutes" type="number" inputmode="numeric" min="5" max="600" required=true value=if kept("minutes").is_empty() { "60".to_owned() } else { kept("minutes") }/>
                                    {e_minutes}
                                </div>
                            </div>
                            <fieldset class="field">
                                <legend>{t!("supervision.form")}</legend>
                                {FORMS.into_iter().map(|f| { let id = format!("form_{f}"); let for_id = id.clone(); view! {
                                    <label class="check" for=for_id><input type="radio" id=id name="form" value=f checked=form_value == f/>{t(&format!("supervision.form_{f}"))}</label>
                                }}).collect_view()}
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t!("supervision.channel")}</legend>
                                {CHANNELS.into_iter().map(|c| { let id = format!("channel_{c}"); let for_id = id.clone(); view! {
                                    <label class="check" for=for_id><input type="radio" id=id name="channel" value=c checked=channel_value == c/>{t(&format!("supervision.channel_{c}"))}</label>
                                }}).collect_view()}
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t!("supervision.functions")}</legend>
                                {e_functions}
                                {FUNCTIONS.into_iter().map(|f| { let id = format!("fn_{f}"); let for_id = id.clone(); let name = id.clone(); let checked = has(&id); view! {
                                    <label class="check" for=for_id><input type="checkbox" id=id name=name value="on" checked=checked/>{t(&format!("supervision.fn_{f}"))}</label>
                                }}).collect_view()}
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t!("supervision.trainees")}</legend>
                                {e_trainees}
                                {mentees.iter().map(|(id, name)| { let key = format!("trainee_{id}"); let for_id = key.clone(); let name_attr = key.clone(); let checked = has(&key); view! {
                                    <label class="check" for=for_id><input type="checkbox" id=key name=name_attr value="on" checked=checked/>{name.clone()}</label>
                                }}).collect_view()}
                            </fieldset>
                            <div class="field">
                                <label for="topics">{t!("supervision.topics")}</label>
                                <input id="topics" name="topics" required=true maxlength="500" value=kept("topics")/>
                                {e_topics}
                            </div>
                            <div class="field">
                                <label for="notes">{t!("supervision.notes")}</label>
                                <textarea id="notes" name="notes" maxlength="5000">{kept("notes")}</textarea>
                                {e_notes}
                            </div>
                            <div class="field">
                                <label for="items">{t!("supervision.items")}</label>
                                <input id="items" name="items" maxlength="200" value=kept("items") aria-describedby="items-hint"/>
                                <p class="hint" id="items-hint">{t!("supervision.items_hint")}</p>
                                {e_items}
                            </div>
                            <fieldset class="field">
                                <legend>{t!("supervision.actions")}</legend>
                                {e_actions}
                                {(1..=3).map(|n| {
                                    let (text_id, owner_id, due_id) = (format!("action{n}_text"), format!("action{n}_owner"), format!("action{n}_due"));
                                    let (text_for, owner_for, due_for) = (text_id.clone(), owner_id.clone(), due_id.clone());
                                    let (text_name, owner_name, due_name) = (text_id.clone(), owner_id.clone(), due_id.clone());
                                    let owner_kept = kept(&owner_id);
                                    let mut owners = mentees.clone();
                                    owners.push(data.me.clone());
                                    view! {
                                        <div class="action-row">
                                            <label for=text_for>{format!("{} {n}", t!("supervision.action"))}</label>
                                            <input id=text_id name=text_name maxlength="300" value=kept(&format!("action{n}_text"))/>
                                            <div class="two">
                                                <div><label for=owner_for>{t!("supervision.owner")}</label>
                                                <select id=owner_id name=owner_name>
                                                    <option value="">{t!("form.choose")}</option>
                                                    {owners.into_iter().map(|(id, name)| { let v = id.to_string(); let sel = v == owner_kept; view! { <option value=v selected=sel>{name}</option> } }).collect_view()}
                                                </select></div>
                                                <div><label for=due_for>{t!("supervision.due")}</label>
                                                <input id=due_id name=due_name type="date" value=kept(&format!("action{n}_due"))/></div>
                                            </div>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="button primary">{t!("supervision.save")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
