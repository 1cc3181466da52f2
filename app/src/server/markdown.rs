//! Markdown from people becomes safe HTML here, on the server, and nowhere else.
//!
//! Raw HTML in the source is shown as text, never passed through; links keep only http(s) and
//! mailto targets; images are dropped (no photos of beneficiaries, and no remote fetches from a
//! reader's phone). pulldown-cmark escapes all text it emits.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Longest input rendered; longer text is cut (forms already refuse it, this is a backstop).
const MAX_INPUT_BYTES: usize = 64 * 1024;

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Renders Markdown to sanitised HTML.
pub fn render(source: &str) -> String {
    let mut end = source.len().min(MAX_INPUT_BYTES);
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let events = Parser::new_ext(&source[..end], options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_url(&dest_url);
            dropped_links.push(!keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => {
            let dropped = dropped_links.pop().unwrap_or(true);
            (!dropped).then_some(Event::End(TagEnd::Link))
        }
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Text(text) if in_image > 0 => Some(Event::Text(CowStr::from(format!("[{text}]")))),
        other => Some(other),
    });
    let mut out = String::with_capacity(end + end / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn ordinary_markdown_renders() {
        let html = render("**走访** 小结\n\n- 先敲门\n- 出示证件");
        assert!(html.contains("<strong>走访</strong>"));
        assert!(html.contains("<li>先敲门</li>"));
    }

    /// Every real tag in `html` (escaped text like `&lt;script&gt;` is not a tag).
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .filter_map(|rest| rest.split_once('>'))
            .map(|(tag, _)| tag.to_ascii_lowercase())
            .collect()
    }

    #[test]
    fn hostile_markdown_loses_every_script_and_handler() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=\"alert(2)\">",
            "inline <a href=\"javascript:alert(3)\">raw link</a> and <b onmouseover=alert(6)>b</b>",
            "[click](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](VBScript:msgbox)",
            "![face](https://example.com/face.jpg)",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div onclick=\"alert(5)\">div</div>",
            "[ok](https://www.mca.gov.cn \"民政部\") <https://www.mca.gov.cn/x>",
        ]
        .join("\n\n");
        let html = render(&hostile);
        for tag in tags(&html) {
            let name = tag
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            assert!(
                [
                    "p",
                    "a",
                    "strong",
                    "em",
                    "code",
                    "pre",
                    "ul",
                    "ol",
                    "li",
                    "blockquote",
                    "h1",
                    "h2",
                    "h3"
                ]
                .contains(&name.as_str()),
                "unexpected tag <{tag}> in {html}"
            );
            assert!(!tag.contains(" on"), "event handler in <{tag}>");
            if name == "a" {
                assert!(
                    tag.starts_with("a href=\"https://") || tag == "/a",
                    "unsafe link <{tag}>"
                );
            }
        }
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
        assert!(
            html.contains("<a href=\"https://www.mca.gov.cn\""),
            "safe links stay: {html}"
        );
        assert!(
            html.contains("click"),
            "the text of a dropped link stays: {html}"
        );
        assert!(
            html.contains("[face]"),
            "an image becomes its alt text: {html}"
        );
    }

    #[test]
    fn very_long_input_is_cut_not_rejected() {
        let long = "好".repeat(100_000);
        let html = render(&long);
        assert!(html.len() < 70 * 1024);
        assert!(html.starts_with("<p>好"));
    }
}
