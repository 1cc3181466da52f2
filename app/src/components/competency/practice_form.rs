//! The practice form, for logging and editing. Built for a phone on a village road: the
//! common choices are preset, areas fold away, and a rejected post keeps everything typed.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::competency::{EditPractice, LogPractice, PracticeFormData};
use crate::components::form::alert::ErrorAlert;
use crate::components::form::markdown_preview::MarkdownPreview;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::i18n::{error_message, t};
use crate::model::competency::{AGE_BANDS, Level, Setting};

/// The values the form starts with: what was typed (after a rejected post), else the practice
/// being edited, else sensible defaults.
#[derive(Debug, Clone, Default)]
struct Values {
    practised_on: String,
    items: Vec<String>,
    setting: String,
    level: String,
    mentor_observed: bool,
    project_id: String,
    township: String,
    village: String,
    alias: String,
    age_band: String,
    reflection: String,
}

fn values(data: &PracticeFormData, feedback: &FormFeedback) -> Values {
    if feedback.error.is_some() {
        let q = |k: &str| query_param(k).unwrap_or_default();
        return Values {
            practised_on: q("practised_on"),
            items: q("items")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            setting: q("setting"),
            level: q("level"),
            mentor_observed: !q("mentor_observed").is_empty(),
            project_id: q("project_id"),
            township: q("township"),
            village: q("village"),
            alias: q("alias"),
            age_band: q("age_band"),
            reflection: q("reflection"),
        };
    }
    match &data.editing {
        Some(p) => Values {
            practised_on: p.practised_on.to_string(),
            items: p.item_codes.clone(),
            setting: p.setting.as_str().to_owned(),
            level: p.level.as_str().to_owned(),
            mentor_observed: p.mentor_observed,
            project_id: String::new(),
            township: p.township.clone(),
            village: p.village.clone(),
            alias: p.alias.clone(),
            age_band: p.age_band.clone(),
            reflection: p.reflection_md.clone(),
        },
        None => Values {
            practised_on: data.today.to_string(),
            setting: Setting::Real.as_str().to_owned(),
            ..Values::default()
        },
    }
}

fn field_error(feedback: &FormFeedback, field: &str) -> Option<AnyView> {
    feedback.for_field(field).map(|code| {
        view! { <p class="field-error" id=format!("{field}-error")>{error_message(&code)}</p> }
            .into_any()
    })
}

/// The form itself; posts to `log_practice` or, when editing, `edit_practice`.
#[component]
pub fn PracticeForm(data: PracticeFormData) -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let v = values(&data, &feedback);
    let editing_id = data.editing.as_ref().map(|p| p.id);
    let fields = view! {
        <input type="hidden" name="id" value=editing_id.map(|id| id.to_string()).unwrap_or_default()/>
        <input type="hidden" name="items" value=""/>
        <input type="hidden" name="for_trainee" value=data.for_trainee.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default()/>
        <TextField
            name="practised_on"
            label_key="practice.date"
            input_type="date"
            value=Some(v.practised_on.clone())
            error=feedback.for_field("practised_on")
            required=true
        />
        <fieldset class="field" class:field-invalid=feedback.for_field("items").is_some()>
            <legend>{t!("practice.items")}</legend>
            {field_error(&feedback, "items")}
            {data
                .framework
                .areas
                .iter()
                .map(|area| {
                    let open = area.items.iter().any(|i| v.items.contains(&i.code));
                    view! {
                        <details class="area" open=open>
                            <summary>{format!("{} {}", area.code, area.title)}</summary>
                            {area
                                .items
                                .iter()
                                .map(|item| {
                                    let id = format!("item_{}", item.code);
                                    let for_id = id.clone();
                                    let name = id.clone();
                                    let checked = v.items.contains(&item.code);
                                    view! {
                                        <label class="check" for=for_id>
                                            <input type="checkbox" id=id name=name value="on" checked=checked/>
                                            <span><strong>{item.code.clone()}</strong>" "{item.title.clone()}</span>
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </details>
                    }
                })
                .collect_view()}
        </fieldset>
        <fieldset class="field">
            <legend>{t!("practice.setting")}</legend>
            {field_error(&feedback, "setting")}
            {Setting::ALL
                .into_iter()
                .map(|s| {
                    let id = format!("setting_{}", s.as_str());
                    let for_id = id.clone();
                    view! {
                        <label class="check" for=for_id>
                            <input type="radio" id=id name="setting" value=s.as_str() checked=v.setting == s.as_str()/>
                            {t(&s.label_key())}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <fieldset class="field">
            <legend>{t!("practice.level")}</legend>
            {field_error(&feedback, "level")}
            {Level::ALL
                .into_iter()
                .map(|l| {
                    let id = format!("level_{}", l.as_str());
                    let for_id = id.clone();
                    view! {
                        <label class="check" for=for_id>
                            <input type="radio" id=id name="level" value=l.as_str() checked=v.level == l.as_str() required=true/>
                            {t(&l.label_key())}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <label class="check field" for="mentor_observed">
            <input type="checkbox" id="mentor_observed" name="mentor_observed" value="on" checked=v.mentor_observed/>
            {t!("practice.mentor_observed")}
        </label>
        <div class="field">
            <label for="project_id">{t!("practice.project")}</label>
            <select id="project_id" name="project_id">
                <option value="">{t!("practice.no_project")}</option>
                {data
                    .projects
                    .iter()
                    .map(|(id, name)| {
                        let value = id.to_string();
                        let selected = v.project_id == value;
                        view! { <option value=value selected=selected>{name.clone()}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="two">
            <TextField name="township" label_key="practice.township" value=Some(v.township.clone()) error=feedback.for_field("township") maxlength=40/>
            <TextField name="village" label_key="practice.village" value=Some(v.village.clone()) error=feedback.for_field("village") maxlength=40/>
        </div>
        <div class="two">
            <TextField
                name="alias"
                label_key="practice.alias"
                hint_key="practice.alias_hint"
                value=Some(v.alias.clone())
                error=feedback.for_field("alias")
                maxlength=20
            />
            <div class="field">
                <label for="age_band">{t!("practice.age_band")}</label>
                <select id="age_band" name="age_band">
                    <option value="">{t!("form.choose")}</option>
                    {AGE_BANDS
                        .into_iter()
                        .map(|band| view! { <option value=band selected=v.age_band == band>{band}</option> })
                        .collect_view()}
                </select>
            </div>
        </div>
        <div class="field" class:field-invalid=feedback.for_field("reflection").is_some()>
            <label for="reflection">{t!("practice.reflection")}</label>
            <textarea
                id="reflection"
                name="reflection"
                rows="6"
                maxlength="5000"
                aria-describedby="reflection-hint"
            >
                {v.reflection.clone()}
            </textarea>
            <p class="hint" id="reflection-hint">{t!("practice.reflection_hint")}</p>
            <MarkdownPreview>{t!("practice.preview")}</MarkdownPreview>
            {field_error(&feedback, "reflection")}
        </div>
    };
    view! {
        <ErrorAlert code=feedback.general()/>
        {match editing_id {
            None => {
                let action = ServerAction::<LogPractice>::new();
                view! {
                    // The outbox script (components/form/outbox.rs) fills in `client_id` and
                    // keeps the form on the phone when there is no connection.
                    <ActionForm action attr:data-offline="practice">
                        <input type="hidden" name="client_id" value=""/>
                        {fields}
                        <button type="submit" class="button primary">{t!("practice.save")}</button>
                    </ActionForm>
                }
                    .into_any()
            }
            Some(_) => {
                let action = ServerAction::<EditPractice>::new();
                view! {
                    <ActionForm action>
                        {fields}
                        <button type="submit" class="button primary">{t!("practice.update")}</button>
                    </ActionForm>
                }
                    .into_any()
            }
        }}
    }
}
