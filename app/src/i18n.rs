//! Translations: zh-CN first, English second. Every sentence a person reads comes from
//! `locales/*.json`. The build script checks that both files hold the same keys, and literal
//! keys are written `t!("…")` / `tf!("…", …)` / `key!("…")`, so a key missing from either
//! file is a compile error. Keys built at run time (`t(&format!("kind.{k}"))`) are for closed
//! sets (enum labels, error codes) whose completeness the unit tests check.

use std::collections::HashMap;
use std::sync::LazyLock;

use leptos::prelude::use_context;
use serde::{Deserialize, Serialize};

type Table = HashMap<String, String>;

fn parse(source: &str) -> Table {
    // The files are compiled in and checked by a unit test; an empty table would only show keys.
    serde_json::from_str(source).unwrap_or_default()
}

static ZH_CN: LazyLock<Table> = LazyLock::new(|| parse(include_str!("../../locales/zh-CN.json")));
static EN: LazyLock<Table> = LazyLock::new(|| parse(include_str!("../../locales/en.json")));

/// A language Shegong speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 tag used in the cookie and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a tag; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match tag {
            "zh-CN" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    fn table(self) -> &'static Table {
        match self {
            Locale::ZhCn => &ZH_CN,
            Locale::En => &EN,
        }
    }

    /// The sentence for `key`; a missing key shows itself, so it is noticed rather than blank.
    pub fn t(self, key: &str) -> String {
        self.table()
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The sentence for `key` with `{name}` placeholders filled in.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }
}

include!(concat!(env!("OUT_DIR"), "/translation_keys.rs"));
pub(crate) use key;

/// `t!("key")`: [`t`] for a literal key, checked at compile time.
macro_rules! t_checked {
    ($key:tt) => {
        $crate::i18n::t($crate::i18n::key!($key))
    };
}
pub(crate) use t_checked as t;

/// `tf!("key", &[("name", value)])`: [`tf`] for a literal key, checked at compile time.
macro_rules! tf_checked {
    ($key:tt, $args:expr) => {
        $crate::i18n::tf($crate::i18n::key!($key), $args)
    };
}
pub(crate) use tf_checked as tf;

/// The language of the current request (from context; zh-CN when none was chosen).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Translates `key` in the current request's language.
pub fn t(key: &str) -> String {
    use_locale().t(key)
}

/// Translates `key` in the current request's language, filling `{name}` placeholders.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    use_locale().tf(key, args)
}

/// The translated message for an error code (`error.<code>`).
pub fn error_message(code: &str) -> String {
    t(&format!("error.{code}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_parse_and_have_the_same_keys() {
        let zh: Table =
            serde_json::from_str(include_str!("../../locales/zh-CN.json")).expect("zh-CN.json");
        let en: Table =
            serde_json::from_str(include_str!("../../locales/en.json")).expect("en.json");
        let mut zh_keys: Vec<_> = zh.keys().collect();
        let mut en_keys: Vec<_> = en.keys().collect();
        zh_keys.sort();
        en_keys.sort();
        assert_eq!(zh_keys, en_keys);
        assert!(zh.values().all(|v| !v.trim().is_empty()));
    }

    #[test]
    fn chinese_is_the_default_and_placeholders_fill() {
        assert_eq!(Locale::default(), Locale::ZhCn);
        assert_eq!(Locale::ZhCn.t("nav.home"), "首页");
        assert_eq!(
            Locale::En.tf("home.greeting", &[("name", "Li")]),
            "Hello, Li"
        );
        assert_eq!(Locale::En.t("no.such.key"), "no.such.key");
    }

    #[test]
    fn every_error_code_has_a_message() {
        use crate::error::AppError;
        let errors = [
            AppError::NotSignedIn,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::BadCredentials,
            AppError::TooManyAttempts,
            AppError::AccountInactive,
            AppError::Internal,
        ];
        for err in errors {
            let key = format!("error.{}", err.code());
            assert_ne!(Locale::ZhCn.t(&key), key);
        }
    }
}
