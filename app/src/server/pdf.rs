//! PDF documents made on the server (the growth portfolio, the volunteer certificate): a few
//! block kinds laid out on A4 pages with a Chinese font, of which krilla embeds only the glyphs
//! used. Text is measured with the font's own advances, so lines wrap where they fill.

use std::sync::{Arc, OnceLock};

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};

use crate::error::AppError;

pub mod certificate;
pub mod portfolio;

/// Where a Chinese font is looked for when `SHEGONG_PDF_FONT` does not name one (Debian's
/// `fonts-wqy-microhei`, `fonts-wqy-zenhei`, `fonts-noto-cjk`, `fonts-arphic-uming`).
pub const FONT_CANDIDATES: [&str; 4] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];

/// A loaded font: what krilla draws with, and the bytes to measure advances with.
struct LoadedFont {
    font: Font,
    data: Arc<Vec<u8>>,
}

static FONT: OnceLock<Option<LoadedFont>> = OnceLock::new();

fn load_font() -> Option<LoadedFont> {
    let configured = std::env::var("SHEGONG_PDF_FONT").ok();
    let paths = configured
        .iter()
        .map(String::as_str)
        .chain(FONT_CANDIDATES.iter().copied());
    for path in paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let data = Arc::new(bytes);
        // Only a font that has the Chinese glyphs will do.
        let has_cjk =
            ttf_parser::Face::parse(&data, 0).is_ok_and(|face| face.glyph_index('档').is_some());
        if !has_cjk {
            tracing::warn!(path, "PDF font has no Chinese glyphs; skipped");
            continue;
        }
        if let Some(font) = Font::new(data.clone().into(), 0) {
            tracing::info!(path, "PDF font loaded");
            return Some(LoadedFont { font, data });
        }
    }
    tracing::warn!(
        "no Chinese font found for PDFs (install fonts-wqy-microhei or set SHEGONG_PDF_FONT)"
    );
    None
}

/// Makes this process an install without a Chinese font, if no PDF was asked for yet (for
/// tests of what such an install answers, whatever fonts the machine has). Returns whether
/// it took effect.
pub fn go_without_font() -> bool {
    FONT.set(None).is_ok()
}

/// Whether PDFs can be made here (a Chinese font was found). Loads it the first time.
pub fn available() -> bool {
    FONT.get_or_init(load_font).is_some()
}

/// One piece of a document, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, centred.
    Title(String),
    /// A centred line under the title.
    Subtitle(String),
    /// A section heading.
    Heading(String),
    /// A paragraph, wrapped.
    Para(String),
    /// Small grey text, wrapped.
    Note(String),
    /// Label–value pairs, one per line.
    Facts(Vec<(String, String)>),
    /// A table: column headers, relative column widths, rows (cells wrap).
    Table {
        /// Column headers.
        headers: Vec<String>,
        /// Relative widths, one per column.
        widths: Vec<f32>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A circle for the seal, with its caption, at the right.
    Seal(String),
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 10.5;

/// Advance widths of text in the loaded font.
struct Measure<'a> {
    face: Option<ttf_parser::Face<'a>>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let Some(face) = &self.face else {
            return text.chars().count() as f32 * size;
        };
        let per_unit = size / f32::from(face.units_per_em());
        text.chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(size, |a| f32::from(a) * per_unit)
            })
            .sum()
    }

    /// `text` broken into lines no wider than `max`: at spaces where it can, anywhere between
    /// Chinese characters, and inside a word too long for a line.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for ch in paragraph.chars() {
                let mut candidate = line.clone();
                candidate.push(ch);
                if self.width(&candidate, size) <= max || line.is_empty() {
                    line = candidate;
                    continue;
                }
                if ch == ' ' {
                    // The space the line breaks at is not carried to the next line.
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A Latin word moves whole to the next line when the line has a space before it.
                let word_start = line
                    .rfind(' ')
                    .filter(|at| *at > 0 && ch.is_ascii_alphanumeric())
                    .filter(|at| line[at + 1..].chars().all(|c| c.is_ascii_alphanumeric()));
                match word_start {
                    Some(at) => {
                        let rest = line.split_off(at);
                        lines.push(line);
                        line = rest.trim_start().to_owned();
                        line.push(ch);
                    }
                    None => {
                        lines.push(std::mem::take(&mut line));
                        line.push(ch);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Lays `blocks` out and returns the PDF. `title` goes into the document's metadata and
/// `footer` at the foot of every page with the page number.
pub fn render(title: &str, footer: &str, blocks: &[Block]) -> Result<Vec<u8>, AppError> {
    let Some(loaded) = FONT.get_or_init(load_font) else {
        return Err(AppError::Busy);
    };
    let measure = Measure {
        face: ttf_parser::Face::parse(&loaded.data, 0).ok(),
    };
    let mut layout = Layout::default();
    for block in blocks {
        layout.block(&measure, block);
    }
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("zh-CN".to_owned())
            .creator("Shegong".to_owned()),
    );
    let pages = layout.pages.len();
    for (n, ops) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(AppError::Internal)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => surface.draw_text(
                    Point::from_xy(*x, *y),
                    loaded.font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                ),
                Op::Rule { x1, x2, y } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x1, *y);
                    path.line_to(*x2, *y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(150, 150, 150).into(),
                            width: 0.6,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(krilla::paint::Fill::default()));
                    }
                }
                Op::Circle { cx, cy, r } => {
                    let mut path = PathBuilder::new();
                    // Four cubic arcs (the usual 0.5523 approximation of a quarter circle).
                    let k = 0.552_284_8 * r;
                    path.move_to(cx + r, *cy);
                    path.cubic_to(cx + r, cy + k, cx + k, cy + r, *cx, cy + r);
                    path.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, *cy);
                    path.cubic_to(cx - r, cy - k, cx - k, cy - r, *cx, cy - r);
                    path.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, *cy);
                    path.close();
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(150, 150, 150).into(),
                            width: 0.8,
                            dash: Some(krilla::paint::StrokeDash {
                                array: vec![3.0, 3.0],
                                offset: 0.0,
                            }),
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(krilla::paint::Fill::default()));
                    }
                }
            }
        }
        let foot = format!("{footer} · {}/{pages}", n + 1);
        surface.draw_text(
            Point::from_xy(MARGIN, PAGE_H - MARGIN / 2.0),
            loaded.font.clone(),
            8.0,
            &foot,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| {
        tracing::error!(?e, "PDF could not be written");
        AppError::Internal
    })
}

/// A drawing operation on a page (y grows downwards, as krilla's does).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
    },
}

/// Pages of operations and where the next line goes.
#[derive(Debug)]
struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }
}

impl Layout {
    const BOTTOM: f32 = PAGE_H - MARGIN;
    const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

    /// Makes room for `height`, starting a new page when it does not fit.
    fn room(&mut self, height: f32) {
        if self.y + height > Self::BOTTOM && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        // Text is placed by its baseline.
        self.push(Op::Text {
            x,
            y: self.y + size,
            size,
            text: text.to_owned(),
        });
    }

    fn lines(&mut self, m: &Measure, text: &str, size: f32, indent: f32) {
        for line in m.wrap(text, size, Self::WIDTH - indent) {
            self.room(size * 1.5);
            self.text(MARGIN + indent, size, &line);
            self.y += size * 1.5;
        }
    }

    fn centred(&mut self, m: &Measure, text: &str, size: f32) {
        for line in m.wrap(text, size, Self::WIDTH) {
            self.room(size * 1.6);
            let x = MARGIN + (Self::WIDTH - m.width(&line, size)).max(0.0) / 2.0;
            self.text(x, size, &line);
            self.y += size * 1.6;
        }
    }

    fn block(&mut self, m: &Measure, block: &Block) {
        match block {
            Block::Title(text) => {
                self.centred(m, text, 20.0);
                self.y += 4.0;
            }
            Block::Subtitle(text) => self.centred(m, text, BODY),
            Block::Heading(text) => {
                self.y += 8.0;
                // Keep a heading with at least two lines of what follows.
                self.room(14.0 * 1.5 + BODY * 3.0);
                self.text(MARGIN, 14.0, text);
                self.y += 14.0 * 1.3;
                self.push(Op::Rule {
                    x1: MARGIN,
                    x2: PAGE_W - MARGIN,
                    y: self.y,
                });
                self.y += 5.0;
            }
            Block::Para(text) => self.lines(m, text, BODY, 0.0),
            Block::Note(text) => self.lines(m, text, 8.5, 0.0),
            Block::Facts(pairs) => {
                let label_w = pairs
                    .iter()
                    .map(|(k, _)| m.width(k, BODY))
                    .fold(0.0_f32, f32::max)
                    .min(Self::WIDTH / 3.0)
                    + 12.0;
                for (label, value) in pairs {
                    let lines = m.wrap(value, BODY, Self::WIDTH - label_w);
                    self.room(BODY * 1.5);
                    self.text(MARGIN, BODY, label);
                    for line in lines {
                        self.room(BODY * 1.5);
                        self.text(MARGIN + label_w, BODY, &line);
                        self.y += BODY * 1.5;
                    }
                }
                self.y += 6.0;
            }
            Block::Table {
                headers,
                widths,
                rows,
            } => self.table(m, headers, widths, rows),
            Block::Seal(caption) => {
                let r = 45.0;
                self.room(2.0 * r + 20.0);
                let (cx, cy) = (PAGE_W - MARGIN - r, self.y + r + 10.0);
                self.push(Op::Circle { cx, cy, r });
                let size = 9.0;
                let x = cx - m.width(caption, size) / 2.0;
                self.push(Op::Text {
                    x,
                    y: cy + size / 2.0,
                    size,
                    text: caption.clone(),
                });
                self.y = cy + r + 10.0;
            }
        }
    }

    fn table(&mut self, m: &Measure, headers: &[String], widths: &[f32], rows: &[Vec<String>]) {
        let size = 9.0;
        let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
        let cols: Vec<f32> = widths.iter().map(|w| w / total * Self::WIDTH).collect();
        let gap = 6.0;
        let draw_row = |me: &mut Self, cells: &[String]| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(&cols)
                .map(|(c, w)| m.wrap(c, size, (w - gap).max(size)))
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * size * 1.4;
            me.room(height + 4.0);
            let mut x = MARGIN;
            for (lines, w) in wrapped.iter().zip(&cols) {
                let mut y = me.y;
                for line in lines {
                    me.push(Op::Text {
                        x,
                        y: y + size,
                        size,
                        text: line.clone(),
                    });
                    y += size * 1.4;
                }
                x += w;
            }
            me.y += height + 2.0;
            me.push(Op::Rule {
                x1: MARGIN,
                x2: PAGE_W - MARGIN,
                y: me.y,
            });
            me.y += 2.0;
        };
        draw_row(self, headers);
        for row in rows {
            // A table that runs onto a new page repeats its headers there.
            let before = self.pages.len();
            draw_row(self, row);
            if self.pages.len() > before {
                // Undo the row on the new page, draw the headers, then the row again.
                if let Some(page) = self.pages.last_mut() {
                    page.clear();
                }
                self.y = MARGIN;
                draw_row(self, headers);
                draw_row(self, row);
            }
        }
        self.y += 4.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_within_the_width_and_keep_every_character() {
        let m = Measure { face: None };
        // Without a face every character is one em wide: 10 per 100 pt at size 10.
        let text = "社工站成长台账记录每一位新社工的成长过程与能力签认情况";
        let lines = m.wrap(text, 10.0, 100.0);
        assert!(lines.iter().all(|l| m.width(l, 10.0) <= 100.0));
        assert_eq!(lines.concat(), text);
        assert_eq!(lines.len(), 3);
        // Latin words break at spaces; explicit newlines are kept.
        let lines = m.wrap("ab cd ef\ngh", 10.0, 50.0);
        assert_eq!(lines, vec!["ab cd".to_owned(), "ef".into(), "gh".into()]);
        // A word longer than the line is cut rather than overflowing.
        assert!(
            m.wrap("abcdefghij", 10.0, 30.0)
                .iter()
                .all(|l| l.chars().count() <= 3)
        );
    }

    #[test]
    fn long_content_flows_onto_more_pages_and_tables_repeat_their_headers() {
        let m = Measure { face: None };
        let mut layout = Layout::default();
        let rows: Vec<Vec<String>> = (0..200)
            .map(|i| vec![format!("第{i}行"), "入户走访".into()])
            .collect();
        layout.block(
            &m,
            &Block::Table {
                headers: vec!["项目".into(), "内容".into()],
                widths: vec![1.0, 2.0],
                rows,
            },
        );
        assert!(layout.pages.len() > 2);
        for page in &layout.pages {
            let first = page.iter().find_map(|op| match op {
                Op::Text { text, .. } => Some(text.clone()),
                _ => None,
            });
            assert_eq!(
                first.as_deref(),
                Some("项目"),
                "every page starts with the headers"
            );
            assert!(page.iter().all(|op| match op {
                Op::Text { y, .. } => *y <= PAGE_H - MARGIN + 1.0,
                _ => true,
            }));
        }
    }
}
